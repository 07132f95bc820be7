"""Reviews: the visibility rule applied to every reader-facing query, and text prepared at save."""
from __future__ import annotations

import dataclasses
import math
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased, joinedload, selectinload

from blog import models, sanitize
from blog.extensions import db
from blog.pagination import Window, window
from blog.models import (Comment, CommentStatus, Credit, Film, ReaderRating,
                         ReaderRatingSummary, Review, ReviewSlugRedirect, User, review_tags)


RELATED_POOL = 200


def render_review_text(review: Review) -> None:
    """Render and store what readers see of the body: HTML, excerpt and reading time."""
    rendered = sanitize.render_body(review.body)  # parsed once for all three
    review.body_html, review.excerpt = rendered.html, rendered.excerpt
    review.reading_minutes = max(1, math.ceil(rendered.words /
                                              current_app.config["WORDS_PER_MINUTE"]))


def visible(*first) -> sa.Select:
    """Select the reviews readers may see (and that meet the criteria ``first``, written
    before the visibility rule), newest first, with what a review card shows."""
    return newest_cards(selectinload(Review.film), selectinload(Review.author), first=first)


def newest_cards(*film_and_author, first=()) -> sa.Select:
    """The visible reviews that meet ``first``, newest first, with their tags and the given
    loads of their film and author."""
    return (sa.select(Review)
            .where(*first, Review.is_visible)
            .options(*film_and_author, selectinload(Review.tags))
            .order_by(Review.published_at.desc(), Review.id.desc()))


def paginate(query: sa.Select, page: int) -> Window:
    """One page of a review query at the site's page size, without counting the whole list;
    a page past the end is a 404."""
    return window(query, page, current_app.config["REVIEWS_PER_PAGE"])


def feed_page(page: int):
    """The homepage: every visible review, newest first.

    The film and the author are joined to the page's rows (two statements fewer): the feed
    walks the (status, published_at) index and stops after a page, so the joins cost a page's
    primary-key lookups. Lists sorted otherwise keep ``visible()``'s separate loads, which
    never join more rows than a page."""
    return paginate(newest_cards(joinedload(Review.film), joinedload(Review.author)), page)


def find_visible(slug: str) -> Review | None:
    """Load one visible review with everything its page shows, or None."""
    # One row brings the review, its author and its film; then the tags, the credits with
    # their people, and the watch options: four statements in all.
    query = (sa.select(Review)
             .where(Review.slug == slug, Review.is_visible)
             .options(joinedload(Review.reader_summary), joinedload(Review.author), selectinload(Review.tags),
                      joinedload(Review.film).options(
                          selectinload(Film.credits).joinedload(Credit.person),
                          selectinload(Film.watch_options))))
    return db.session.scalar(query)


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewKey:
    """What a review page needs of its review when the rest of the page is kept
    (``blog.review_page``): who wrote it, where it lives, and whether it takes comments."""
    id: int
    slug: str
    author_id: int
    film_id: int
    comments_open: bool
    reader_summary: ReaderTotals | None  # the readers' totals, as Review.reader_summary has them
    own: OwnState | None = None  # the signed-in reader's own, when asked with the key


class OwnState(NamedTuple):
    """What a signed-in reader has of their own on a review page: their rating (in half
    stars; None for a banned reader, whose rating does not count), whether a comment of theirs
    waits for moderation there (only they see it in the conversation), and whether they have
    ever commented (the comment form's "email me replies" default)."""
    halves: int | None
    waiting: bool
    has_commented: bool


@dataclasses.dataclass(frozen=True, slots=True)
class ReaderTotals:
    """A review's readers' ratings added up (the columns of ``ReaderRatingSummary``)."""
    count: int
    total_halves: int
    histogram: list[int]
    updated_at: datetime


# Built once: making this statement cost more than running it (the review page's hot path).
# Plain columns, too: loading the summary as an ORM object cost more than the rest.
_KEY_QUERY = (
    sa.select(Review.id, Review.slug, Review.author_id, Review.film_id, Review.comments_open,
              ReaderRatingSummary.count, ReaderRatingSummary.total_halves,
              ReaderRatingSummary.histogram, ReaderRatingSummary.updated_at)
    .outerjoin(ReaderRatingSummary, ReaderRatingSummary.review_id == Review.id)
    .where(Review.slug == sa.bindparam("slug"), Review.visible_at(sa.bindparam("now"))))




def _own_columns(review_id) -> tuple:
    """A signed-in reader's own on a review (``OwnState``), as columns; the reader is the
    ``user_id`` parameter."""
    reader = sa.bindparam("user_id")
    return (sa.select(ReaderRating.halves)
            .where(ReaderRating.review_id == review_id, ReaderRating.user_id == reader)
            .scalar_subquery(),
            sa.exists().where(Comment.review_id == review_id, Comment.author_id == reader,
                              Comment.status == CommentStatus.PENDING),
            sa.exists().where(Comment.author_id == reader))


# The same, with the signed-in reader's own: their page still needs a single statement.
_KEY_QUERY_FOR_READER = _KEY_QUERY.add_columns(*_own_columns(Review.id))
_OWN_QUERY = sa.select(*_own_columns(sa.bindparam("review_id")))


def find_visible_key(slug: str, reader: User | None = None) -> ReviewKey | None:
    """A visible review's key columns and readers' totals, and a signed-in ``reader``'s own
    on it (``ReviewKey.own``), in one statement; None when there is no such review."""
    # The clock the visibility rule reads (models.utcnow), so it is one rule with one clock.
    values = {"slug": slug, "now": models.utcnow()}
    if reader is None:
        row = db.session.execute(_KEY_QUERY, values).first()
    else:
        row = db.session.execute(_KEY_QUERY_FOR_READER, {**values, "user_id": reader.id}).first()
    if row is None:
        return None
    totals = ReaderTotals(*row[5:9]) if row[5] is not None else None
    own = own_state_of(reader, *row[9:]) if reader is not None else None
    return ReviewKey(*row[:5], totals, own)


def own_state(review_id: int, reader: User) -> OwnState:
    """A signed-in reader's own on a review they are shown (``OwnState``), in one statement."""
    return own_state_of(reader, *db.session.execute(
        _OWN_QUERY, {"review_id": review_id, "user_id": reader.id}).one())


def own_state_of(reader: User, halves, waiting, has_commented) -> OwnState:
    # A banned reader's rating does not count, and is not shown as theirs (as ratings.given_on).
    return OwnState(None if reader.is_banned else halves, bool(waiting), bool(has_commented))


def current_slug(old_slug: str) -> str | None:
    """The slug a visible review has now, if ``old_slug`` was once its slug, or is its slug
    typed in capitals."""
    candidates = {old_slug, old_slug.lower()}
    query = (sa.select(Review.slug).join(ReviewSlugRedirect.review)
             .where(ReviewSlugRedirect.old_slug.in_(candidates), Review.is_visible))
    if old_slug != old_slug.lower():
        query = sa.union(query, sa.select(Review.slug).where(Review.slug == old_slug.lower(),
                                                             Review.is_visible))
    return db.session.scalar(sa.select(query.subquery()).limit(1))


def comment_counts(review_ids) -> dict[int, int]:
    """Approved comments per review, for a page of cards, in one query."""
    if not review_ids:
        return {}
    rows = db.session.execute(
        sa.select(Comment.review_id, sa.func.count(Comment.id))
        .where(Comment.review_id.in_(review_ids), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.review_id))
    return dict(rows.all())


def neighbour_ids(review: Review) -> tuple[int | None, int | None]:
    """The ids of the visible reviews published just before and just after this one."""
    key = (Review.published_at, Review.id)
    here = (review.published_at, review.id)
    older = db.session.scalar(
        sa.select(Review.id).where(Review.is_visible, sa.tuple_(*key) < sa.tuple_(*here))
        .order_by(Review.published_at.desc(), Review.id.desc()).limit(1))
    newer = db.session.scalar(
        sa.select(Review.id).where(Review.is_visible, sa.tuple_(*key) > sa.tuple_(*here))
        .order_by(Review.published_at, Review.id).limit(1))
    return older, newer


def related_ids(review: Review, limit: int = 3) -> list[int]:
    """The ids of visible reviews sharing the most tags with this one, most recent first
    among equals.

    Candidates are the newest RELATED_POOL reviews of each tag, so the cost stays flat however
    many reviews a popular tag has.
    """
    tag_ids = [tag.id for tag in review.tags]
    if not tag_ids:
        return []
    pools = [sa.select(review_tags.c.review_id.label("review_id"),
                       Review.published_at.label("published_at"))
             .join(Review, Review.id == review_tags.c.review_id)
             .where(review_tags.c.tag_id == tag_id, Review.is_visible, Review.id != review.id)
             .order_by(Review.published_at.desc()).limit(RELATED_POOL)
             .subquery().select()
             for tag_id in tag_ids]
    candidates = sa.union_all(*pools).subquery()
    shared = sa.func.count().label("shared")
    query = (sa.select(candidates.c.review_id)
             .group_by(candidates.c.review_id, candidates.c.published_at)
             .order_by(shared.desc(), candidates.c.published_at.desc(),
                       candidates.c.review_id.desc())
             .limit(limit))
    return list(db.session.scalars(query))


def credited(person_id: int):
    """The criterion "a review of a film this person is credited on"."""
    # Find the person's reviews through the credits index first; filtering every review by
    # film_id would walk the whole table for someone with one film.
    reviewed = aliased(Review)
    return Review.id.in_(sa.select(reviewed.id).join(Credit, Credit.film_id == reviewed.film_id)
                         .where(Credit.person_id == person_id))


# A tag on more reviews than this is found by walking the reviews newest first and checking
# each one's tags (stops after a page); a rarer tag by its own index, then sorting its few.
COMMON_TAG = 500


def tagged(tag):
    """The criterion "a review carrying this tag" (a ``Tag``), written for how many it has:
    with the kept count the query need not leave the plan to the database's guess."""
    if tag.published_count > COMMON_TAG:
        return sa.exists(sa.select(1).where(review_tags.c.review_id == Review.id,
                                            review_tags.c.tag_id == tag.id))
    return Review.id.in_(sa.select(review_tags.c.review_id).where(review_tags.c.tag_id == tag.id))


def by_person(person_id: int, page: int):
    """Visible reviews of films the person is credited on, newest first.

    The page is chosen among the person's reviews alone, found from their credits and sorted
    by date (ids only, a few hundred for the most credited, read from the indexes on credits
    and on reviews by film), and only its reviews are loaded: walking every review newest
    first looking for theirs, as a planner may choose for the single query, costs more the
    larger the blog.
    """
    # A person in two roles on one film is credited twice: the film is listed once.
    films = sa.select(Credit.film_id).where(Credit.person_id == person_id)
    mine = (sa.select(Review.id).where(Review.film_id.in_(films), Review.is_visible)
            .order_by(Review.published_at.desc(), Review.id.desc()))
    return loaded(paginate(mine, page))


def loaded(ids: Window) -> Window:
    """A page of review ids as the page of those reviews, with what a card shows, in order."""
    found = {review.id: review
             for review in db.session.scalars(visible().where(Review.id.in_(ids.items)))}
    return dataclasses.replace(ids, items=[found[id_] for id_ in ids.items if id_ in found])


def by_author(user_id: int, page: int):
    """Visible reviews written by one author."""
    return paginate(visible().where(Review.author_id == user_id), page)


def with_tag(tag, page: int):
    """Visible reviews carrying one tag."""
    return paginate(visible().where(tagged(tag)), page)


def newest(*criteria, limit: int | None = None) -> list[Review]:
    """The newest visible reviews matching ``criteria``, for feeds."""
    limit = limit or current_app.config["FEED_SIZE"]
    return list(db.session.scalars(visible().where(*criteria).limit(limit)))


def published_between(start: datetime, end: datetime, page: int):
    """Visible reviews published in [start, end), for the archive."""
    return paginate(between(start, end), page)


def between(start: datetime, end: datetime) -> sa.Select:
    """The archive's query: visible reviews published in [start, end), newest first."""
    # The range comes before the visibility rule's "published by now": SQLite walks the
    # (status, published_at) index down from the first upper bound it is given, and from now
    # it would pass every review published since ``end`` (half the blog for an older year).
    return visible(Review.published_at >= start, Review.published_at < end)

