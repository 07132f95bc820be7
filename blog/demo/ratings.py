"""The demo readers' star ratings: a spread around the critic's own, so review pages show the
readers' average and histogram, and the year in review has readers' favourites."""
from __future__ import annotations

import sqlalchemy as sa

from blog.extensions import db
from blog.models import ReaderRating, Review, ReviewStatus, Role, User
from blog.services import ratings


def add_ratings() -> None:
    """Rate the visible reviews by the demo readers (the banned one too: it must not count),
    then add up each review's totals; the caller commits."""
    readers = db.session.scalars(sa.select(User).where(User.role == Role.COMMENTER)
                                 .order_by(User.id)).all()
    reviews = db.session.scalars(
        sa.select(Review).where(Review.status == ReviewStatus.PUBLISHED,
                                Review.rating_halves.is_not(None)).order_by(Review.id)).all()
    for index, review in enumerate(reviews):
        for seat, reader in enumerate(readers):
            if (index + seat) % 4 == 3:  # not everyone rates everything
                continue
            halves = review.rating_halves + (index * 3 + seat * 2) % 5 - 2
            db.session.add(ReaderRating(review_id=review.id, user_id=reader.id,
                                        halves=min(10, max(1, halves))))
    db.session.flush()
    for review in reviews:
        ratings.lock_summary(review.id)
    ratings.recount([review.id for review in reviews])
