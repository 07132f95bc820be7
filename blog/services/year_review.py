"""The year in review: what was published in one year, counted, ranked and ready to draw.

Every figure comes from a fixed number of grouped queries over the year's visible reviews,
however many there are; months follow the site's time zone, like the archive.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import (Comment, CommentStatus, Film, ReaderRatingSummary, Review, Tag,
                         TagKind, review_tags)
from blog.services import archive

RANKED_KINDS = (TagKind.GENRE, TagKind.DECADE, TagKind.PERSON)


@dataclass
class Ranked:
    """A review in one of the page's lists, with the figure it is ranked by."""

    review: Review
    figure: float | int
    count: int = 0  # readers behind an average, where there is one


@dataclass
class YearInReview:
    year: int
    reviews: int
    films: int
    comments: int
    average_halves: float | None           # the critic's mean, in half-steps
    per_month: list[tuple[int, int]]        # (reviews, films) for January to December
    ratings: list[int]                      # the critic's ratings on each of the ten steps
    decades: list[tuple[int, int]]          # (decade, films) by the films' own years
    tags: dict[TagKind, list[tuple[Tag, int]]] = field(default_factory=dict)
    highest: list[Ranked] = field(default_factory=list)
    lowest: list[Ranked] = field(default_factory=list)
    favourites: list[Ranked] = field(default_factory=list)
    discussed: list[Ranked] = field(default_factory=list)
    earlier: int | None = None              # the nearest years with reviews on either side
    later: int | None = None

    @property
    def average(self) -> float | None:
        """The critic's mean rating in stars."""
        return None if self.average_halves is None else self.average_halves / 2


def in_year(bounds: list[tuple[datetime, datetime]]):
    """The SQL condition: visible, and published within the year's bounds."""
    return sa.and_(Review.is_visible, Review.published_at >= bounds[0][0],
                   Review.published_at < bounds[-1][1])


def build(year: int) -> YearInReview | None:
    """Everything the year's page shows, or None when nothing was published that year."""
    bounds = archive.month_bounds(year)
    where = in_year(bounds)
    totals = month_totals(bounds, where)
    reviews, films, average = totals[:3]
    if not reviews:
        return None
    months = totals[3:]
    ratings = rating_steps(where)
    rated = sum(ratings)
    top = current_app.config["YEAR_IN_REVIEW_TOP"]
    earlier, later = neighbouring_years(year)
    return YearInReview(
        year=year, reviews=reviews, films=films, comments=comment_total(where),
        average_halves=None if average is None else float(average),
        per_month=list(zip(months[0::2], months[1::2])), ratings=ratings,
        decades=film_decades(where), tags=most_tagged(where, top),
        highest=by_rating(where, min(top, (rated + 1) // 2), best_first=True),
        lowest=by_rating(where, min(top, rated // 2), best_first=False),
        favourites=readers_favourites(where, top), discussed=most_discussed(where, top),
        earlier=earlier, later=later)


def month_totals(bounds, where) -> list:
    """Reviews, films and the mean rating for the year, then reviews and films per month, in
    one query."""
    columns = [sa.func.count(Review.id), sa.func.count(sa.distinct(Review.film_id)),
               sa.func.avg(Review.rating_halves)]
    for start, end in bounds:
        month = sa.and_(Review.published_at >= start, Review.published_at < end)
        columns.append(sa.func.count(sa.case((month, Review.id))))
        columns.append(sa.func.count(sa.distinct(sa.case((month, Review.film_id)))))
    return list(db.session.execute(sa.select(*columns).where(where)).one())


def rating_steps(where) -> list[int]:
    """How many of the year's reviews the critic gave each half-step (1 to 10)."""
    steps = [0] * 10
    rows = db.session.execute(
        sa.select(Review.rating_halves, sa.func.count()).where(
            where, Review.rating_halves.is_not(None)).group_by(Review.rating_halves))
    for halves, count in rows:
        steps[halves - 1] = count
    return steps


def film_decades(where) -> list[tuple[int, int]]:
    """The films reviewed that year, counted by the decade they came out in, oldest first."""
    rows = db.session.execute(
        sa.select(Film.year, sa.func.count(sa.distinct(Film.id))).join(Review.film)
        .where(where, Film.year.is_not(None)).group_by(Film.year))
    decades: Counter[int] = Counter()
    for film_year, count in rows:
        decades[film_year // 10 * 10] += count
    return sorted(decades.items())


def most_tagged(where, top: int) -> dict[TagKind, list[tuple[Tag, int]]]:
    """The genres, decades and people the year's reviews were tagged with most, by kind."""
    count = sa.func.count(review_tags.c.review_id)
    rows = db.session.execute(
        sa.select(Tag, count).join(review_tags, review_tags.c.tag_id == Tag.id)
        .join(Review, Review.id == review_tags.c.review_id)
        .where(where, Tag.kind.in_(RANKED_KINDS))
        .group_by(Tag.id).order_by(count.desc(), Tag.name_key))
    found: dict[TagKind, list[tuple[Tag, int]]] = {kind: [] for kind in RANKED_KINDS}
    for tag, number in rows:
        if len(found[tag.kind]) < top:
            found[tag.kind].append((tag, number))
    return found


def by_rating(where, limit: int, best_first: bool) -> list[Ranked]:
    """The critic's highest (or lowest) rated reviews of the year; the two orders are exact
    reverses, so the top and bottom lists never share a review."""
    if limit <= 0:
        return []
    order = ((Review.rating_halves.desc(), Review.published_at, Review.id) if best_first else
             (Review.rating_halves, Review.published_at.desc(), Review.id.desc()))
    found = db.session.scalars(
        sa.select(Review).where(where, Review.rating_halves.is_not(None))
        .options(selectinload(Review.film)).order_by(*order).limit(limit))
    return [Ranked(review, review.rating_halves) for review in found]


def readers_favourites(where, top: int) -> list[Ranked]:
    """The year's reviews readers rated highest, among those enough readers rated to show."""
    average = ReaderRatingSummary.total_halves * 1.0 / ReaderRatingSummary.count
    rows = db.session.execute(
        sa.select(Review, average, ReaderRatingSummary.count)
        .join(ReaderRatingSummary, ReaderRatingSummary.review_id == Review.id)
        .where(where, ReaderRatingSummary.count >= current_app.config[
            "READER_RATINGS_MIN_SHOWN"], ReaderRatingSummary.count > 0)
        .options(selectinload(Review.film))
        .order_by(average.desc(), ReaderRatingSummary.count.desc(), Review.id).limit(top))
    return [Ranked(review, float(mean), count) for review, mean, count in rows]


def approved_counts():
    """A subquery: each review's number of published comments."""
    return (sa.select(Comment.review_id, sa.func.count(Comment.id).label("comments"))
            .where(Comment.status == CommentStatus.APPROVED)
            .group_by(Comment.review_id).subquery())


def most_discussed(where, top: int) -> list[Ranked]:
    """The year's reviews with the most published comments (any time since)."""
    counts = approved_counts()
    rows = db.session.execute(
        sa.select(Review, counts.c.comments).join(counts, counts.c.review_id == Review.id)
        .where(where).options(selectinload(Review.film))
        .order_by(counts.c.comments.desc(), Review.published_at, Review.id).limit(top))
    return [Ranked(review, number) for review, number in rows]


def comment_total(where) -> int:
    """The published comments on the year's reviews."""
    return db.session.scalar(
        sa.select(sa.func.count(Comment.id)).join(Review, Review.id == Comment.review_id)
        .where(where, Comment.status == CommentStatus.APPROVED))


def neighbouring_years(year: int) -> tuple[int | None, int | None]:
    """The nearest earlier and later years with published reviews (from the archive's
    cached counts)."""
    years = [item.year for item in archive.years()]
    earlier = max((other for other in years if other < year), default=None)
    later = min((other for other in years if other > year), default=None)
    return earlier, later
