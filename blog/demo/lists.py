"""The demo's list: the critic's favourites among the demo reviews, ranked, with a note each,
so a fresh blog shows /lists/, a list page and "appears in these lists" on reviews."""
from __future__ import annotations

import sqlalchemy as sa

from blog.extensions import db
from blog.models import FilmList, ListEntry, Review, ReviewStatus, User
from blog.sanitize import render_markdown

SLUG = "the-critics-favourites"
INTRO = ("Five films from these pages to start with, best first. Each has a review here; the "
         "note says why it made the list.")
NOTE = "Rated {stars} out of 5: {verdict}"


def add_list(author: User, published_at) -> None:
    """Rank the five best-rated visible reviews' films on one published list; the caller
    commits."""
    reviews = db.session.scalars(
        sa.select(Review).where(Review.status == ReviewStatus.PUBLISHED,
                                Review.published_at <= published_at,
                                Review.rating_halves.is_not(None))
        .order_by(Review.rating_halves.desc(), Review.published_at.desc()).limit(5)).all()
    if not reviews:
        return
    film_list = FilmList(slug=SLUG, title="The critic's favourites", intro=INTRO,
                         intro_html=render_markdown(INTRO), ranked=True, author=author,
                         status=ReviewStatus.PUBLISHED, published_at=published_at,
                         created_at=published_at, updated_at=published_at)
    for position, review in enumerate(reviews, start=1):
        note = NOTE.format(stars=f"{review.rating_halves / 2:g}",
                           verdict=review.verdict or review.title)
        film_list.entries.append(ListEntry(film_id=review.film_id, position=position,
                                           note=note, note_html=render_markdown(note)))
    db.session.add(film_list)
