"""Readers' ratings: giving, changing and removing one, and the totals each review keeps.

Every change to a review's ratings first locks that review's summary row (creating it if
needed), then changes the rating and recounts the summary from the review's ratings, all in one
transaction. Writers to one review therefore take turns: two ratings sent at once by the same
reader find each other's row instead of tripping the unique constraint, and the totals always
equal what the ratings say. Pages only ever read the summary row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from blog import activity
from blog.extensions import db
from blog.models import ReaderRating, ReaderRatingSummary, Review, User, utcnow
from blog.services.errors import RatingError, RatingForbidden, rolls_back

STEPS = range(1, 11)  # half-steps: 1 is half a star, 10 is five stars


@dataclass(frozen=True)
class ReadersVerdict:
    """What the review page shows of the readers' ratings, and the reader's own."""

    count: int
    total_halves: int
    histogram: tuple[int, ...]
    min_shown: int
    own: int | None = None
    updated_at: datetime | None = None  # the last change to the totals

    @property
    def shown(self) -> bool:
        """Whether enough readers have rated for the average to mean something."""
        return self.count >= self.min_shown

    @property
    def average(self) -> float | None:
        """The mean in stars, or None before anyone rated."""
        return self.total_halves / self.count / 2 if self.count else None

    @property
    def average_halves(self) -> int | None:
        """The mean rounded to the nearest half star, in half-steps (for drawing stars)."""
        if not self.count:
            return None
        return max(1, min(10, int(self.total_halves / self.count + 0.5)))


def check_can_rate(review: Review, user: User) -> None:
    """Raise unless this reader may rate this review."""
    if user.is_banned:
        raise RatingForbidden("Your account has been banned, so it cannot rate reviews.")
    if user.email_confirmed_at is None:
        raise RatingForbidden("Please confirm your email address before rating: follow the "
                              "link in the email we sent you (your account page can send it "
                              "again).")
    if review.author_id == user.id:
        raise RatingForbidden("You wrote this review: its rating is yours already.")


def check_halves(halves) -> int:
    """The rating as a whole number of half-steps from 1 to 10, or an error."""
    if not isinstance(halves, int) or isinstance(halves, bool) or halves not in STEPS:
        raise RatingError("Please choose from half a star to five stars.", "halves")
    return halves


@rolls_back
def rate(review: Review, user: User, halves: int) -> ReaderRating:
    """Give or change this reader's rating of the review, and update its totals."""
    check_can_rate(review, user)
    halves = check_halves(halves)
    lock_summary(review.id)
    rating = own_rating(review.id, user.id)
    if rating is None:
        rating = ReaderRating(review_id=review.id, user_id=user.id, halves=halves)
        db.session.add(rating)
    elif rating.halves != halves:
        rating.halves = halves
        rating.updated_at = utcnow()
    db.session.flush()
    recount([review.id])
    db.session.commit()
    return rating


@rolls_back
def remove(review: Review, user: User) -> bool:
    """Take back this reader's rating of the review; False when there was none."""
    lock_summary(review.id)
    deleted = db.session.execute(sa.delete(ReaderRating).where(
        ReaderRating.review_id == review.id, ReaderRating.user_id == user.id)
        .execution_options(**{activity.OPTION: [review.id]})).rowcount
    recount([review.id])
    db.session.commit()
    return bool(deleted)


def own_rating(review_id: int, user_id: int) -> ReaderRating | None:
    """This reader's rating of this review, if they gave one."""
    return db.session.scalar(sa.select(ReaderRating).where(
        ReaderRating.review_id == review_id, ReaderRating.user_id == user_id))


def lock_summary(review_id: int) -> None:
    """Make sure the review's summary row exists, and hold it until the transaction ends.

    On PostgreSQL the row lock makes other writers to this review wait; on SQLite every
    request that writes holds the database's write lock from its first statement anyway.
    """
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(ReaderRatingSummary).values(
        review_id=review_id, count=0, total_halves=0, histogram=[0] * 10, updated_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["review_id"]))
    db.session.execute(sa.select(ReaderRatingSummary.review_id)
                       .where(ReaderRatingSummary.review_id == review_id).with_for_update())


def recount(review_ids: list[int]) -> None:
    """Recount these reviews' summaries from their ratings, leaving out banned raters."""
    if not review_ids:
        return
    rows = db.session.execute(
        sa.select(ReaderRating.review_id, ReaderRating.halves, sa.func.count())
        .join(User, User.id == ReaderRating.user_id)
        .where(ReaderRating.review_id.in_(review_ids), User.is_banned.is_(False))
        .group_by(ReaderRating.review_id, ReaderRating.halves))
    histograms = {review_id: [0] * 10 for review_id in review_ids}
    for review_id, halves, count in rows:
        histograms[review_id][halves - 1] = count
    now = utcnow()
    for review_id, histogram in histograms.items():
        db.session.execute(
            sa.update(ReaderRatingSummary).where(ReaderRatingSummary.review_id == review_id)
            .values(count=sum(histogram), histogram=histogram, updated_at=now,
                    total_halves=sum(step * n for step, n in zip(STEPS, histogram)))
            .execution_options(**{activity.OPTION: [review_id]}))


def rated_reviews(user: User) -> list[int]:
    """The ids of the reviews this reader has rated."""
    return list(db.session.scalars(
        sa.select(ReaderRating.review_id).where(ReaderRating.user_id == user.id)
        .order_by(ReaderRating.review_id)))


def recount_for(user: User) -> None:
    """Recount every review this reader rated (their ban changed whether they count); the
    caller commits."""
    review_ids = rated_reviews(user)
    for review_id in review_ids:  # in id order, so two such writers never wait on each other
        lock_summary(review_id)
    recount(review_ids)


def forget_all(user: User) -> None:
    """Delete every rating of this reader and recount those reviews; the caller commits."""
    review_ids = rated_reviews(user)
    for review_id in review_ids:
        lock_summary(review_id)
    db.session.execute(sa.delete(ReaderRating).where(ReaderRating.user_id == user.id))
    recount(review_ids)


def verdict(review: Review, own: int | None = None) -> ReadersVerdict:
    """The readers' totals for the review page, from the summary loaded with the review, and
    the signed-in reader's own rating (see ``given_on``)."""
    summary = review.reader_summary  # a Review, or a reviews.ReviewKey
    min_shown = current_app.config["READER_RATINGS_MIN_SHOWN"]
    if summary is None:
        return ReadersVerdict(0, 0, (0,) * 10, min_shown, own)
    return ReadersVerdict(summary.count, summary.total_halves, tuple(summary.histogram),
                          min_shown, own, summary.updated_at)


def given_on(review: Review, user_ids) -> dict[int, int]:
    """The ratings these readers gave the review, by user id, in one query (banned readers
    left out): the commenters on a page, so their comments can say "rated ★★★½", and the
    reader looking at it."""
    user_ids = {user_id for user_id in user_ids if user_id is not None}
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(ReaderRating.user_id, ReaderRating.halves)
        .join(User, User.id == ReaderRating.user_id)
        .where(ReaderRating.review_id == review.id, ReaderRating.user_id.in_(user_ids),
               User.is_banned.is_(False)))
    return dict(rows.all())


def export(user: User) -> list[dict]:
    """The reader's ratings for their data export."""
    ratings = db.session.scalars(
        sa.select(ReaderRating).where(ReaderRating.user_id == user.id)
        .options(selectinload(ReaderRating.review))
        .order_by(ReaderRating.created_at, ReaderRating.id))
    return [{
        "review": {"slug": rating.review.slug, "title": rating.review.title},
        "stars": rating.halves / 2,
        "created_at": rating.created_at.isoformat(),
        "updated_at": rating.updated_at.isoformat(),
    } for rating in ratings]
