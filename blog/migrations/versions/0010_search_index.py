"""search index

One searchable document per review in ``search_documents`` (a model), and the full-text index
over it that no model describes: on SQLite two FTS5 tables kept in step by triggers (words with
diacritics folded, and trigrams of the titles so CJK titles are found by any part); on
PostgreSQL a weighted ``tsvector`` column, filled by a trigger through ``unaccent``, with a GIN
index. Existing reviews are indexed here; the app keeps the documents current afterwards.

Later migrations must not rebuild ``search_documents`` in batch mode on SQLite: copying the
table would drop its triggers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 19:10:00

"""
from alembic import op
import sqlalchemy as sa

import blog.models  # noqa: F401  (custom column types)
from blog import sanitize


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

COLUMNS = ("title", "film", "people", "verdict", "body", "tags")

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, film, people, verdict, body, tags,"
    " content='search_documents', content_rowid='review_id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE search_fts_titles USING fts5(title, film,"
    " content='search_documents', content_rowid='review_id', tokenize='trigram')",
    """CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN
      INSERT INTO search_fts(rowid, title, film, people, verdict, body, tags)
      VALUES (new.review_id, new.title, new.film, new.people, new.verdict, new.body, new.tags);
      INSERT INTO search_fts_titles(rowid, title, film)
      VALUES (new.review_id, new.title, new.film);
    END""",
    """CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN
      INSERT INTO search_fts(search_fts, rowid, title, film, people, verdict, body, tags)
      VALUES ('delete', old.review_id, old.title, old.film, old.people, old.verdict, old.body,
              old.tags);
      INSERT INTO search_fts_titles(search_fts_titles, rowid, title, film)
      VALUES ('delete', old.review_id, old.title, old.film);
    END""",
    """CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents BEGIN
      INSERT INTO search_fts(search_fts, rowid, title, film, people, verdict, body, tags)
      VALUES ('delete', old.review_id, old.title, old.film, old.people, old.verdict, old.body,
              old.tags);
      INSERT INTO search_fts_titles(search_fts_titles, rowid, title, film)
      VALUES ('delete', old.review_id, old.title, old.film);
      INSERT INTO search_fts(rowid, title, film, people, verdict, body, tags)
      VALUES (new.review_id, new.title, new.film, new.people, new.verdict, new.body, new.tags);
      INSERT INTO search_fts_titles(rowid, title, film)
      VALUES (new.review_id, new.title, new.film);
    END""",
]

POSTGRESQL_UP = [
    # A trusted extension since PostgreSQL 13: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "ALTER TABLE search_documents ADD COLUMN document tsvector",
    "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)",
    # Titles weigh most, then people and tags, the verdict, and the body least.
    """CREATE OR REPLACE FUNCTION search_documents_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      NEW.document :=
        setweight(to_tsvector('simple', unaccent(NEW.title || ' ' || NEW.film)), 'A')
        || setweight(to_tsvector('simple', unaccent(NEW.people || ' ' || NEW.tags)), 'B')
        || setweight(to_tsvector('simple', unaccent(NEW.verdict)), 'C')
        || setweight(to_tsvector('simple', unaccent(NEW.body)), 'D');
      RETURN NEW;
    END $$""",
    "CREATE TRIGGER search_documents_vector BEFORE INSERT OR UPDATE ON search_documents"
    " FOR EACH ROW EXECUTE FUNCTION search_documents_vector()",
]


def upgrade():
    op.create_table('search_documents',
    sa.Column('review_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('film', sa.Text(), nullable=False),
    sa.Column('people', sa.Text(), nullable=False),
    sa.Column('verdict', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_search_documents_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('review_id', name=op.f('pk_search_documents'))
    )
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}.get(dialect, []):
        op.execute(statement)
    backfill()


def backfill():
    """Write the document of every existing review (the triggers index them)."""
    connection = op.get_bind()
    people, tags = {}, {}
    for film_id, name in connection.execute(sa.text(
            "SELECT credits.film_id, people.name FROM credits"
            " JOIN people ON people.id = credits.person_id"
            " ORDER BY credits.film_id, credits.position, credits.id")):
        names = people.setdefault(film_id, [])
        if name not in names:
            names.append(name)
    for review_id, name in connection.execute(sa.text(
            "SELECT review_tags.review_id, tags.name FROM review_tags"
            " JOIN tags ON tags.id = review_tags.tag_id ORDER BY tags.name")):
        tags.setdefault(review_id, []).append(name)
    documents = sa.table("search_documents", *(sa.column(name) for name in
                                               ("review_id", *COLUMNS)))
    rows = [{"review_id": review_id, "title": title,
             "film": " ".join(str(part) for part in (film, original, year) if part),
             "people": ", ".join(people.get(film_id, [])), "verdict": verdict or "",
             "body": sanitize.markdown_to_text(body), "tags": ", ".join(tags.get(review_id, []))}
            for review_id, title, verdict, body, film_id, film, original, year
            in connection.execute(sa.text(
                "SELECT reviews.id, reviews.title, reviews.verdict, reviews.body, films.id,"
                " films.title, films.original_title, films.year"
                " FROM reviews JOIN films ON films.id = reviews.film_id"))]
    if rows:
        connection.execute(documents.insert(), rows)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE search_fts")
        op.execute("DROP TABLE search_fts_titles")
    op.drop_table('search_documents')  # its triggers go with it
    if dialect == "postgresql":
        op.execute("DROP FUNCTION search_documents_vector()")
