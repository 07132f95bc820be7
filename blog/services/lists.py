"""Lists of films as readers see them: published lists, their entries with the films' reviews,
and the lists a review's film appears in. Each page's data takes a constant number of queries."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.models import FilmList, ListEntry, Review
from blog.pagination import Window, window

PREVIEW_POSTERS = 4  # posters shown for each list on /lists/


@dataclass(frozen=True)
class ShownEntry:
    """An entry as a page shows it: its place (None on an unranked list) and the film's
    visible review, if there is one."""

    rank: int | None
    entry: ListEntry
    review: Review | None

    @property
    def film(self):
        return self.entry.film


def visible() -> sa.Select:
    """Published lists, newest first, with their author and entries' films."""
    return (sa.select(FilmList).where(FilmList.is_visible)
            .options(selectinload(FilmList.author),
                     selectinload(FilmList.entries).selectinload(ListEntry.film))
            .order_by(FilmList.published_at.desc(), FilmList.id.desc()))


def index_page(page: int) -> Window:
    """One page of published lists (a page past the end is a 404)."""
    return window(visible(), page, current_app.config["LISTS_PER_PAGE"])


def find_visible(slug: str) -> FilmList | None:
    """The published list with this slug, with everything its page shows, or None."""
    return db.session.scalar(visible().where(FilmList.slug == slug))


def newest(limit: int = 20) -> list[FilmList]:
    """The newest published lists, for the feed of all lists."""
    return list(db.session.scalars(visible().limit(limit)))


def reviews_of(film_ids) -> dict[int, Review]:
    """The newest visible review of each of these films, in one query (their films come from
    the session, already loaded with the entries)."""
    ids = sorted(set(film_ids))
    if not ids:
        return {}
    found: dict[int, Review] = {}
    for review in db.session.scalars(
            sa.select(Review).where(Review.is_visible, Review.film_id.in_(ids))
            .options(selectinload(Review.film))
            .order_by(Review.published_at.desc(), Review.id.desc())):
        found.setdefault(review.film_id, review)
    return found


def shown_entries(film_list: FilmList, reviews: dict[int, Review]) -> list[ShownEntry]:
    """A list's entries in order, numbered when the list is ranked."""
    return [ShownEntry(number if film_list.ranked else None, entry, reviews.get(entry.film_id))
            for number, entry in enumerate(film_list.entries, start=1)]


def with_entries(lists) -> tuple[dict[int, list[ShownEntry]], dict[int, Review]]:
    """The shown entries of several lists, with one query for all their films' reviews."""
    lists = list(lists)
    reviews = reviews_of(entry.film_id for film_list in lists for entry in film_list.entries)
    return {film_list.id: shown_entries(film_list, reviews) for film_list in lists}, reviews


def containing(film_id: int) -> list[FilmList]:
    """The published lists this film is on, newest first: one query, whatever their number."""
    return list(db.session.scalars(
        sa.select(FilmList).join(ListEntry, ListEntry.list_id == FilmList.id)
        .where(FilmList.is_visible, ListEntry.film_id == film_id)
        .order_by(FilmList.published_at.desc(), FilmList.id.desc())))
