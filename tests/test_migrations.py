"""The migrations build exactly the schema the models describe, and run both ways."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from blog import create_app
from blog.extensions import db
from tests.conftest import base_config


# The full-text index over ``search_documents`` is made by migration 0010 and described by no
# model, on purpose: SQLAlchemy cannot model an FTS5 virtual table (SQLite; with its shadow
# tables search_fts_data, _idx, ...) nor a column of a type only PostgreSQL has, and the app
# never reads them through the ORM. The documents table itself is a model and is compared.
SEARCH_INDEX_TABLES = ("search_fts",)
SEARCH_INDEX_COLUMNS = {("search_documents", "document")}
SEARCH_INDEX_INDEXES = {"ix_search_documents_document"}
# Migration 0018's index for the catalogue's "highest rated" order is PostgreSQL's alone
# (rating DESC NULLS LAST, which SQLite's CREATE INDEX cannot say and does not need).
DATABASE_SPECIFIC_INDEXES = {"ix_reviews_rating_order"}


def not_the_search_index(name, type_, parent_names) -> bool:
    """Leave the database-specific search index out of the comparison (see above)."""
    if type_ == "table":
        return not (name or "").startswith(SEARCH_INDEX_TABLES)
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in SEARCH_INDEX_COLUMNS
    if type_ == "index":
        return name not in SEARCH_INDEX_INDEXES | DATABASE_SPECIFIC_INDEXES
    return True


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": not_the_search_index})
        return compare_metadata(context, db.metadata)


def test_migrated_schema_matches_the_models(app):
    with app.app_context():
        assert schema_differences() == []


def test_migrations_downgrade_and_upgrade_cleanly(tmp_path):
    url = "sqlite:///" + str(tmp_path / "roundtrip.sqlite3")
    app = create_app(base_config(url), instance_path=tmp_path / "instance")
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory)
        downgrade(directory=directory, revision="base")
        with db.engine.connect() as connection:
            tables = db.inspect(connection).get_table_names()
        assert set(tables) <= {"alembic_version"}
        upgrade(directory=directory)
        assert schema_differences() == []
        db.engine.dispose()


def test_comment_roots_are_backfilled_by_migration_0003(tmp_path):
    import sqlalchemy as sa
    url = "sqlite:///" + str(tmp_path / "backfill.sqlite3")
    app = create_app(base_config(url), instance_path=tmp_path / "instance")
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0002")
        with db.engine.begin() as connection:
            run = connection.exec_driver_sql
            run("INSERT INTO users (id, username, username_key, email, password_hash,"
                " display_name, bio, role, created_at, is_banned, notify_replies,"
                " session_version) VALUES (1, 'u', 'u', 'u@example.com', 'x', '', '',"
                " 'author', '2025-01-01', 0, 0, 1)")
            run("INSERT INTO films (id, title, original_title, countries, languages, synopsis,"
                " trailer_url, rotten_tomatoes_url, letterboxd_url)"
                " VALUES (1, 'F', '', '[]', '[]', '', '', '', '')")
            run("INSERT INTO reviews (id, slug, title, dek, body, body_html, excerpt,"
                " reading_minutes, verdict, status, created_at, updated_at, author_id, film_id,"
                " poster_path, poster_alt, comments_open) VALUES (1, 'r', 'R', '', '', '', '',"
                " 1, '', 'draft', '2025-01-01', '2025-01-01', 1, 1, '', '', 1)")
            for cid, parent in ((1, None), (2, 1), (3, 2), (4, 3), (5, None), (6, 5)):
                run("INSERT INTO comments (id, review_id, author_id, parent_id, depth,"
                    " body_source, body_html, status, created_at)"
                    " VALUES (?, 1, 1, ?, 0, 'x', 'x', 'approved', '2025-01-02')", (cid, parent))
        upgrade(directory=directory)
        with db.engine.connect() as connection:
            roots = dict(connection.execute(sa.text("SELECT id, root_id FROM comments")).all())
        assert roots == {1: None, 2: 1, 3: 1, 4: 1, 5: None, 6: 5}
        db.engine.dispose()


def test_no_connection_leaves_a_migration_with_foreign_keys_off(tmp_path):
    # Migrations switch foreign keys off on their connection; the pool keeps connections open,
    # so none may come back from a migration (a second upgrade, with nothing to do, included).
    app = create_app(base_config(f"sqlite:///{tmp_path / 'kept.sqlite3'}"),
                     instance_path=tmp_path / "instance")
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory)
        upgrade(directory=directory)
        with db.engine.connect() as first, db.engine.connect() as second:
            assert [connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
                    for connection in (first, second)] == [1, 1]
        db.engine.dispose()

