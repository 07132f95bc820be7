"""Search: one document per review, indexed by the database, queried and highlighted here.

The documents hold what a reader may search (titles, people, verdict, spoiler-free body, tags)
for every review, drafts included; who may see a review is decided when searching, by joining
the reviews, so a scheduled review turns up at its time with nothing to reindex. SQLite
searches with FTS5 (and a trigram table for CJK titles), PostgreSQL with a ``tsvector`` and
``unaccent``; both get the same safe query built from the reader's words, never their syntax.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy.dialects.postgresql import REGCONFIG, TSVECTOR
from sqlalchemy.orm import selectinload

from blog import sanitize
from blog.extensions import db
from blog.models import Credit, Film, Review, SearchDocument, Tag, review_tags

# Longer input is cut before it is read: nobody types more, and it bounds the work per request.
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_PAGE = 1000
SUGGESTED_TAGS = 10
SNIPPET_CHARS = 240
REINDEX_CHUNK = 500
# Letters and digits only: every operator, quote and bracket of either query syntax is dropped.
TERM = re.compile(r"[^\W_]+")
# Scripts written without spaces, where a word may sit anywhere inside a title.
CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                 "\uf900-\ufaff]")
# A title found by a CJK substring ranks with the best word matches (lower ranks first).
SUBSTRING_RANK = -1000.0
# FTS5's bm25 weights per column: title, film, people, verdict, body, tags.
BM25_WEIGHTS = (10.0, 8.0, 4.0, 3.0, 1.0, 4.0)
# On SQLite a search ranks at most this many matches of each kind: the newest reviews matching
# in their own or their film's title, and the newest matching anywhere (FTS5 reads them newest
# first and stops). Scoring every match would cost more the larger the blog (a common word is
# in thousands of reviews); a title match ranks highest anyway, and a hundred pages of the
# rest is more than anyone reads. PostgreSQL ranks every match (see ``pg_hits``).
RANKED_POOL = 1000

fts = sa.table("search_fts", sa.column("rowid", sa.Integer))
fts_titles = sa.table("search_fts_titles", sa.column("rowid", sa.Integer),
                      sa.column("title", sa.Text), sa.column("film", sa.Text))
pg_documents = sa.table("search_documents", sa.column("review_id", sa.Integer),
                        sa.column("document", TSVECTOR))


# ---------- Keeping the documents current ----------

def document_for(review: Review, body_text: str | None = None) -> dict:
    """The searchable text of one review, as a row of ``search_documents``."""
    film = review.film
    names: dict[str, None] = {}
    for credit in film.credits:
        names.setdefault(credit.person.name, None)
    if body_text is None:
        body_text = sanitize.markdown_to_text(review.body)
    return {"review_id": review.id, "title": review.title,
            "film": " ".join(str(part) for part in (film.title, film.original_title, film.year)
                             if part),
            "people": ", ".join(names), "verdict": review.verdict or "", "body": body_text,
            "tags": ", ".join(tag.name for tag in review.tags)}


def reindex(review_ids, body_changed: bool = True) -> None:
    """Rebuild the documents of these reviews from what the session holds (the caller commits).

    A review that no longer exists loses its document; the session is flushed first, so
    changes not yet committed are what gets indexed. Renaming a tag or a person passes
    ``body_changed=False``: the stored body text is kept instead of rendering every body again.
    """
    ids = sorted({review_id for review_id in review_ids if review_id is not None})
    if not ids:
        return
    db.session.flush()
    for start in range(0, len(ids), REINDEX_CHUNK):
        chunk = ids[start:start + REINDEX_CHUNK]
        kept = {} if body_changed else dict(db.session.execute(
            sa.select(SearchDocument.review_id, SearchDocument.body)
            .where(SearchDocument.review_id.in_(chunk))).all())
        db.session.execute(sa.delete(SearchDocument).where(SearchDocument.review_id.in_(chunk)))
        reviews = db.session.scalars(
            sa.select(Review).where(Review.id.in_(chunk))
            .options(selectinload(Review.tags), selectinload(Review.film)
                     .selectinload(Film.credits).selectinload(Credit.person))
            .execution_options(populate_existing=True))
        rows = [document_for(review, kept.get(review.id)) for review in reviews]
        if rows:
            db.session.execute(sa.insert(SearchDocument), rows)


def reviews_of_films(film_ids) -> list[int]:
    """The reviews of these films (a film's facts and credits are in each of their documents)."""
    return list(db.session.scalars(sa.select(Review.id).where(Review.film_id.in_(film_ids))))


def reviews_crediting(person_id: int) -> list[int]:
    """The reviews of every film this person is credited on."""
    films = sa.select(Credit.film_id).where(Credit.person_id == person_id)
    return list(db.session.scalars(sa.select(Review.id).where(Review.film_id.in_(films))))


def reviews_tagged(tag_id: int) -> list[int]:
    """The reviews carrying this tag."""
    return list(db.session.scalars(
        sa.select(review_tags.c.review_id).where(review_tags.c.tag_id == tag_id)))


# ---------- Reading the reader's words ----------

def terms_of(text: str | None) -> list[str]:
    """The words to search for: letters and digits only, lower-case, at most MAX_TERMS."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_QUERY_CHARS])
    words: dict[str, None] = {}
    for word in TERM.findall(text):
        words.setdefault(word.lower(), None)
    return list(words)[:MAX_TERMS]


def printable(text: str) -> str:
    """The text with control characters (NUL, line breaks...) turned into spaces, to show."""
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char
                   for char in text)


def is_cjk(term: str) -> bool:
    return CJK.search(term) is not None


# ---------- Querying ----------

def sqlite_hits(terms: list[str], titles_only: bool = False) -> sa.Select:
    """The newest RANKED_POOL review ids matching every word as a prefix (diacritics folded),
    anywhere or only in the titles, each with a rank (lower is better)."""
    match = " ".join(f'"{term}"*' for term in terms)  # terms hold no quotes: see TERM
    if titles_only:
        match = f"{{title film}} : ({match})"
    return (sa.select(fts.c.rowid.label("review_id"),
                      sa.func.bm25(sa.literal_column("search_fts"), *BM25_WEIGHTS).label("rank"))
            .where(sa.literal_column("search_fts").op("MATCH")(match))
            .order_by(fts.c.rowid.desc()).limit(RANKED_POOL))


def sqlite_title_hits(terms: list[str]) -> sa.Select:
    """Reviews whose titles contain every word anywhere (the trigram table), for CJK titles."""
    return (sa.select(fts_titles.c.rowid.label("review_id"),
                      sa.literal(SUBSTRING_RANK, sa.Float).label("rank"))
            .where(*(sa.or_(fts_titles.c.title.contains(term), fts_titles.c.film.contains(term))
                     for term in terms)))


def pg_word_query(term: str):
    """A prefix tsquery for one word, unaccented by the database and quoted as a lexeme."""
    folded = sa.func.unaccent(sa.cast(term, sa.Text))
    # unaccent may turn a letter into a quote ("ŉ" becomes "'n"): escape what it returns.
    quoted = sa.func.replace(sa.func.replace(folded, "\\", "\\\\"), "'", "''")
    lexeme = sa.literal("'", sa.Text) + quoted + sa.literal("':*", sa.Text)
    return sa.func.to_tsquery(sa.cast("simple", REGCONFIG), lexeme)


def pg_hits(terms: list[str]) -> sa.Select:
    """Every review id matching every word as a prefix (unaccented), with a rank (lower is
    better). PostgreSQL ranks them all: its index hands the matches over in no useful order,
    and reading them newest first instead (or only their titles' weight) costs as much as
    ranking them (33 ms for a word in 5,769 of 100,000 reviews)."""
    query = functools.reduce(lambda a, b: a.op("&&")(b), map(pg_word_query, terms))
    return (sa.select(pg_documents.c.review_id,
                      (-sa.func.ts_rank(pg_documents.c.document, query)).label("rank"))
            .where(pg_documents.c.document.op("@@")(query)))


def pg_title_hits(terms: list[str]) -> sa.Select:
    """Reviews whose titles contain every word anywhere, for CJK titles."""
    return (sa.select(SearchDocument.review_id,
                      sa.literal(SUBSTRING_RANK, sa.Float).label("rank"))
            .where(*(sa.or_(SearchDocument.title.contains(term),
                            SearchDocument.film.contains(term)) for term in terms)))


def ranked_hits(terms: list[str]):
    """The matching reviews a search ranks (see RANKED_POOL), each once with its best rank, by
    the database's own full-text search."""
    if db.session.get_bind().dialect.name == "postgresql":
        parts, titles = [pg_hits(terms)], pg_title_hits
    else:
        parts = [sqlite_hits(terms), sqlite_hits(terms, titles_only=True)]
        titles = sqlite_title_hits
    if any(map(is_cjk, terms)):
        parts.append(titles(terms))
    hits = sa.union_all(*(part.subquery().select() for part in parts))
    # Materialized, so that SQLite runs bm25() on the FTS5 scan itself, as it must, rather
    # than inside the grouping below.
    hits = hits.cte("search_hits").prefix_with("MATERIALIZED")
    return (sa.select(hits.c.review_id, sa.func.min(hits.c.rank).label("rank"))
            .group_by(hits.c.review_id).subquery())


@dataclass(frozen=True)
class SearchResult:
    """One visible review found, with its fields highlighted (escaped, then marked)."""

    review: Review
    title: Markup
    film_title: Markup
    original_title: Markup
    verdict: Markup
    snippet: Markup


@dataclass(frozen=True)
class SearchPage:
    """A page of results; ``has_next`` comes from one extra row, not from counting them all."""

    text: str
    terms: list[str]
    page: int
    results: list[SearchResult] = field(default_factory=list)
    has_next: bool = False
    suggested_tags: list[Tag] = field(default_factory=list)

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def search(text: str | None, page: int = 1) -> SearchPage:
    """Visible reviews matching every word of ``text``, best first, one page at a time."""
    text = printable((text or "")[:MAX_QUERY_CHARS])
    terms = terms_of(text)
    if not terms or page > MAX_PAGE:
        return SearchPage(text, terms, page)
    per_page = current_app.config["REVIEWS_PER_PAGE"]
    ids = page_ids(ranked_hits(terms), page, per_page)
    results = [result_for(review, document, terms)
               for review, document in loaded(ids[:per_page])]
    suggested = tags_matching(terms) if not results and page == 1 else []
    return SearchPage(text, terms, page, results, len(ids) > per_page, suggested)


def page_ids(best, page: int, per_page: int) -> list[int]:
    """The ids of a page of visible matches in rank order, and one more if a page follows.

    Every match is ranked (the database scores them all), but as ids: the reviews and their
    documents are loaded for the page alone. Who may see a match is read from its review, so
    that is read first only for the matches ranked down to the end of this page (with any tied
    with the last); only when some of those are hidden are all the matches' reviews read.
    """
    wanted = page * per_page + 1
    cut = (sa.select(best.c.rank).order_by(best.c.rank).limit(1).offset(wanted - 1)
           .scalar_subquery())

    def visible_ids(*within):
        return db.session.execute(
            sa.select(Review.id, cut.label("cut")).join(best, best.c.review_id == Review.id)
            .where(Review.is_visible, *within)
            .order_by(best.c.rank, Review.published_at.desc(), Review.id.desc())
            .limit(per_page + 1).offset((page - 1) * per_page)).all()

    rows = visible_ids(sa.or_(cut.is_(None), best.c.rank <= cut))
    if len(rows) <= per_page and (not rows or rows[0].cut is not None):
        rows = visible_ids()  # hidden reviews among the best: rank past them
    return [row.id for row in rows]


def loaded(ids: list[int]) -> list[tuple[Review, SearchDocument]]:
    """The reviews of a page of results with their documents, in the order of ``ids``."""
    if not ids:
        return []
    rows = db.session.execute(
        sa.select(Review, SearchDocument)
        .join(SearchDocument, SearchDocument.review_id == Review.id)
        .where(Review.id.in_(ids), Review.is_visible)
        .options(selectinload(Review.film), selectinload(Review.author),
                 selectinload(Review.tags))).all()
    found = {review.id: (review, document) for review, document in rows}
    return [found[id_] for id_ in ids if id_ in found]


def tags_matching(terms: list[str]) -> list[Tag]:
    """Tags on visible reviews whose names contain one of the words, for an empty result."""
    shown = (sa.select(review_tags.c.tag_id).join(Review, Review.id == review_tags.c.review_id)
             .where(Review.is_visible))
    named = sa.or_(*(sa.func.lower(Tag.name).contains(term, autoescape=True) for term in terms))
    return list(db.session.scalars(
        sa.select(Tag).where(named, Tag.id.in_(shown)).order_by(Tag.name)
        .limit(SUGGESTED_TAGS)))


# ---------- Highlighting ----------

def fold(text: str) -> tuple[str, list[int]]:
    """The text lower-cased without diacritics, and where each folded character came from."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for lower in part.lower():
                folded.append(lower)
                origin.append(index)
    return "".join(folded), origin


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text``: whole words they begin (anywhere, for CJK terms)."""
    folded, origin = fold(text)
    spans = []
    for term in terms:
        needle = fold(term)[0]
        start = folded.find(needle)
        while needle and start != -1:
            end = start + len(needle)
            at_word_start = start == 0 or not folded[start - 1].isalnum()
            if is_cjk(term) or at_word_start:
                if not is_cjk(term):
                    while end < len(folded) and folded[end].isalnum():
                        end += 1
                spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str], spans=None) -> Markup:
    """The text escaped, with each match wrapped in <mark>."""
    spans = match_spans(text, terms) if spans is None else spans
    parts, done = [], 0
    for start, end in spans:
        parts.append(escape(text[done:start]))
        parts.append(Markup("<mark>%s</mark>") % text[start:end])
        done = end
    parts.append(escape(text[done:]))
    return Markup("").join(parts)


def snippet(text: str, terms: list[str]) -> Markup | None:
    """About SNIPPET_CHARS of ``text`` around its first match, highlighted; None if none."""
    spans = match_spans(text, terms)
    if not spans:
        return None
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > spans[0][1] else end
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans
              if s < end and e > start]
    body = highlight(text[start:end], terms, window)
    return Markup("").join([Markup("…") if start else "", body,
                            Markup("…") if end < len(text) else ""])


def result_for(review: Review, document: SearchDocument, terms: list[str]) -> SearchResult:
    """Highlight a found review: its titles and verdict whole, and a snippet of what matched."""
    found = (snippet(document.body, terms)
             or labelled("With", document.people, terms)
             or labelled("Tagged", document.tags, terms)
             or highlight(sanitize.excerpt(review.body, SNIPPET_CHARS), terms))
    return SearchResult(review, highlight(review.title, terms),
                        highlight(review.film.title, terms),
                        highlight(review.film.original_title or "", terms),
                        highlight(review.verdict or "", terms), found)


def labelled(label: str, text: str, terms: list[str]) -> Markup | None:
    """A snippet of a list of names, introduced by ``label``, when one of them matched."""
    found = snippet(text, terms)
    return None if found is None else Markup("%s: ") % label + found
