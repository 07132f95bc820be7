"""The studio's lists: saving and publishing them, and adding, noting, moving and removing
their entries. Authors edit their own lists; admins edit any."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from slugify import slugify
from sqlalchemy.orm import selectinload

from blog import sanitize
from blog.extensions import db
from blog.models import Film, FilmList, ListEntry, Review, ReviewStatus, User, utcnow
from blog.services import lookup
from blog.services.errors import DomainError, ListConflict, ListError, rolls_back

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_ENTRIES = 250


@dataclass(frozen=True)
class ListDraft:
    """What the list form holds."""

    title: str
    slug: str
    intro: str
    ranked: bool


def can_edit(user: User, film_list: FilmList) -> bool:
    """Authors edit their own lists; admins edit any."""
    return user.is_admin or film_list.author_id == user.id


def lists_of(user: User) -> list[FilmList]:
    """The lists a writer's studio shows: their own, or every list for an admin."""
    query = sa.select(FilmList).options(selectinload(FilmList.author))
    if not user.is_admin:
        query = query.where(FilmList.author_id == user.id)
    return list(db.session.scalars(query.order_by(FilmList.updated_at.desc(),
                                                  FilmList.id.desc())))


def find(list_id: int) -> FilmList | None:
    """A list with its entries and their films, for the studio."""
    return db.session.scalar(
        sa.select(FilmList).where(FilmList.id == list_id)
        .options(selectinload(FilmList.entries).selectinload(ListEntry.film)))


@rolls_back
def save_list(film_list: FilmList | None, author: User, draft: ListDraft,
              publish: bool = False) -> FilmList:
    """Create or update a list from the form; ``publish`` puts it on the site."""
    slug = free_slug(draft, film_list)
    if film_list is None:
        film_list = FilmList(author=author, status=ReviewStatus.DRAFT)
        db.session.add(film_list)
    film_list.title = draft.title
    film_list.slug = slug
    film_list.intro = draft.intro
    film_list.intro_html = sanitize.render_markdown(draft.intro)
    film_list.ranked = draft.ranked
    film_list.updated_at = utcnow()
    if publish and film_list.status is not ReviewStatus.PUBLISHED:
        film_list.status = ReviewStatus.PUBLISHED
        film_list.published_at = film_list.published_at or utcnow()
    db.session.commit()
    return film_list


def free_slug(draft: ListDraft, film_list: FilmList | None) -> str:
    """The typed slug (409 when another list has it), or one made from the title."""
    def taken(slug: str) -> bool:
        query = sa.select(FilmList.id).where(FilmList.slug == slug)
        if film_list is not None:
            query = query.where(FilmList.id != film_list.id)
        return db.session.scalar(query) is not None

    if draft.slug:
        if taken(draft.slug):
            raise ListConflict("Another list has this address already; choose another one.",
                               "slug")
        return draft.slug
    if film_list is not None:
        return film_list.slug  # a saved list keeps its address when the field is left empty
    base = slugify(draft.title)[:190] or "list"
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


@rolls_back
def unpublish(film_list: FilmList) -> None:
    """Take a list off the site; it stays in the studio as a draft."""
    film_list.status = ReviewStatus.DRAFT
    film_list.published_at = None
    film_list.updated_at = utcnow()
    db.session.commit()


@rolls_back
def delete_list(film_list: FilmList) -> None:
    db.session.delete(film_list)
    db.session.commit()


def film_for(text: str) -> Film:
    """The film a typed title ("Title" or "Title (Year)") or a review's address names."""
    text = text.strip()
    slug = text.rstrip("/").rsplit("/reviews/", 1)[-1] if "/reviews/" in text else text
    if SLUG.match(slug):
        review = db.session.scalar(sa.select(Review).where(Review.slug == slug))
        if review is not None:
            return review.film
    try:
        return lookup.film_named(text)
    except DomainError as error:
        raise ListError(str(error), "film") from None


@rolls_back
def add_entry(film_list: FilmList, film: Film, note: str) -> ListEntry:
    """Put a film at the end of the list, with its note; a film is on a list only once."""
    if any(entry.film_id == film.id for entry in film_list.entries):
        raise ListConflict(f"“{film.title}” is on this list already.", "film")
    if len(film_list.entries) >= MAX_ENTRIES:
        raise ListError(f"A list holds at most {MAX_ENTRIES} films.", "film")
    entry = ListEntry(film=film, note=note, note_html=sanitize.render_markdown(note),
                      position=len(film_list.entries))
    film_list.entries.append(entry)
    touch(film_list)
    return entry


@rolls_back
def set_note(film_list: FilmList, entry: ListEntry, note: str) -> None:
    """Replace an entry's note (Markdown or plain text, sanitized at save)."""
    entry.note = note
    entry.note_html = sanitize.render_markdown(note)
    touch(film_list)


@rolls_back
def move(film_list: FilmList, entry: ListEntry, step: int) -> bool:
    """Move an entry one place up (-1) or down (+1); False when it is already at that end."""
    entries = list(film_list.entries)
    here = entries.index(entry)
    there = here + step
    if not 0 <= there < len(entries):
        return False
    entries[here], entries[there] = entries[there], entries[here]
    renumber(film_list, entries)
    return True


@rolls_back
def reorder(film_list: FilmList, entry_ids: list[int]) -> None:
    """Put the entries in the order of ``entry_ids``, which must name each entry once."""
    by_id = {entry.id: entry for entry in film_list.entries}
    if sorted(entry_ids) != sorted(by_id):
        raise ListError("The new order must name every film on the list once; reload the page "
                        "and try again.")
    renumber(film_list, [by_id[entry_id] for entry_id in entry_ids])


@rolls_back
def remove_entry(film_list: FilmList, entry: ListEntry) -> None:
    """Take a film off the list; the others close up."""
    entries = [other for other in film_list.entries if other is not entry]
    film_list.entries.remove(entry)
    renumber(film_list, entries)


def renumber(film_list: FilmList, entries: list[ListEntry]) -> None:
    """Store the entries' order as positions 0, 1, 2..."""
    for position, entry in enumerate(entries):
        entry.position = position
    film_list.entries.sort(key=lambda entry: entry.position)
    touch(film_list)


@rolls_back
def touch(film_list: FilmList) -> None:
    film_list.updated_at = utcnow()
    db.session.commit()
