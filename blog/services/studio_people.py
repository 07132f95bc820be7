"""The studio's people: finding the people credited on films, and editing who they are.

People are shared by every author (one director is credited on many reviews), so any author
may edit them. A person's slug never changes: renaming someone keeps their page's address.
"""
from __future__ import annotations

import re
from typing import IO

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.pagination import window
from blog.models import Credit, Person, Review
from blog.services import images, reviews, search
from blog.services.errors import PersonConflict, PersonError, rolls_back

NAME_MAX = 120
BIO_MAX = 1000
# An id, or the whole address: critics copy the link from their browser.
IMDB_PERSON_ID = re.compile(
    r"(?:(?:https?://)?(?:www\.|m\.)?imdb\.com/name/)?(nm\d{7,9})(?:/(?:[?#].*)?)?")
IMDB_ID_HELP = "An IMDb person id is “nm” and 7 to 9 digits, like nm0000122."


def normalize_imdb_id(raw: str | None) -> str | None:
    """The ``nm…`` id in ``raw`` (an id or an IMDb address), None when empty; else a PersonError."""
    text = (raw or "").strip()
    if not text:
        return None
    match = IMDB_PERSON_ID.fullmatch(text.lower())
    if match is None:
        raise PersonError(IMDB_ID_HELP, "imdb_id")
    return match.group(1)


def normalize_bio(raw: str | None) -> str:
    """The bio as plain text with Unix line ends, trimmed; a PersonError past BIO_MAX."""
    bio = (raw or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(bio) > BIO_MAX:
        raise PersonError(f"Keep the bio to {BIO_MAX} characters (it has {len(bio)}).", "bio")
    return bio


def normalize_name(raw: str | None) -> str:
    """The name trimmed with inner spaces collapsed; a PersonError if empty or too long."""
    name = " ".join((raw or "").split())
    if not name:
        raise PersonError("Enter the person’s name.", "name")
    if len(name) > NAME_MAX:
        raise PersonError(f"Keep the name to {NAME_MAX} characters.", "name")
    return name


def people_page(search: str, page: int):
    """One page of people by name, optionally only those whose name contains ``search``."""
    query = sa.select(Person).order_by(sa.func.lower(Person.name), Person.id)
    search = " ".join(search.split())
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        query = query.where(Person.name.ilike(pattern, escape="\\"))
    per_page = current_app.config["STUDIO_PER_PAGE"]
    return window(query, page, per_page)


def credit_counts(person_ids) -> dict[int, int]:
    """How many credits each of these people has, in one query."""
    if not person_ids:
        return {}
    rows = db.session.execute(
        sa.select(Credit.person_id, sa.func.count(Credit.id))
        .where(Credit.person_id.in_(person_ids)).group_by(Credit.person_id))
    return {person_id: count for person_id, count in rows}


def find(slug: str) -> Person | None:
    """The person with this slug, their credits and films loaded for the edit page."""
    return db.session.scalar(
        sa.select(Person).where(Person.slug == slug)
        .options(selectinload(Person.credits).selectinload(Credit.film)))


def has_public_page(person: Person) -> bool:
    """Whether the person's page is public: a visible review of one of their films exists."""
    query = sa.select(Review.id).where(Review.is_visible, reviews.credited(person.id)).limit(1)
    return db.session.scalar(query) is not None


def holder_of_imdb_id(imdb_id: str | None, other_than: int) -> Person | None:
    """The person, other than ``other_than``, who already has this IMDb id."""
    if imdb_id is None:
        return None
    return db.session.scalar(
        sa.select(Person).where(Person.imdb_id == imdb_id, Person.id != other_than))


def imdb_conflict(imdb_id: str, other: Person) -> PersonConflict:
    """The 409 for an IMDb id that ``other`` already has, naming them."""
    return PersonConflict(f"{imdb_id} is already the IMDb id of {other.name}. Two people "
                          "cannot share one: edit that person instead, or check the id.",
                          "imdb_id", other)


@rolls_back
def update_person(person: Person, name: str, imdb_id: str | None, bio: str,
                  portrait: IO[bytes] | None = None, remove_portrait: bool = False) -> None:
    """Save a person's name, IMDb id, bio and portrait (a new upload replaces the old one).

    The slug is left alone, so links to the person's page keep working. Everything is checked
    before anything changes; an old portrait file is removed only once the change is committed.
    """
    name, imdb_id, bio = normalize_name(name), normalize_imdb_id(imdb_id), normalize_bio(bio)
    clash = holder_of_imdb_id(imdb_id, person.id)
    if clash is not None:
        raise imdb_conflict(imdb_id, clash)
    old_portrait = person.portrait_path
    new_portrait = store_portrait(portrait, person.slug) if portrait is not None else None
    if new_portrait is not None:
        person.portrait_path = new_portrait
    elif remove_portrait:
        person.portrait_path = ""
    renamed = name != person.name
    person.name, person.imdb_id, person.bio = name, imdb_id, bio
    try:
        if renamed:
            search.reindex(search.reviews_crediting(person.id), body_changed=False)
        db.session.commit()
    except sa.exc.IntegrityError:
        # Another request gave the id to someone else between the check and the commit.
        db.session.rollback()
        images.delete_stored(new_portrait)
        clash = holder_of_imdb_id(imdb_id, person.id)
        if clash is None:
            raise
        raise imdb_conflict(imdb_id, clash) from None
    except BaseException:
        db.session.rollback()
        images.delete_stored(new_portrait)
        raise
    if old_portrait and old_portrait != person.portrait_path:
        images.delete_stored(old_portrait)


def store_portrait(stream: IO[bytes], name_hint: str) -> str:
    """Re-encode and store an uploaded portrait, returning its path; a PersonError if unusable."""
    try:
        return images.store_portrait(stream, name_hint).path
    except images.ImageRejected as error:
        raise PersonError(str(error), "portrait") from error
