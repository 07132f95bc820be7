"""The studio's lookups: films, people and tags found by a few typed letters, a page at a time.

The review form no longer lists every film and tag (thousands of ``<option>``s); a field takes a
typed name, the server resolves it on save, and a small script offers matches from here while
typing.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask import current_app

from blog.extensions import db
from blog.models import Film, Person, Tag
from blog.services.errors import WritingError

FILM_LABEL = re.compile(r"^(?P<title>.*?)\s*\((?P<year>\d{4})\)$")


def most() -> int:
    """How many suggestions a list gets (``LOOKUP_RESULTS``)."""
    return current_app.config["LOOKUP_RESULTS"]


def literal(text: str) -> str:
    """``text`` for a LIKE pattern, spaces collapsed and its wildcards taken literally."""
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    return "%" + literal(text) + "%"


def film_label(title: str, year: int | None) -> str:
    """How a film is written in the form's film field: "Title (Year)"."""
    return f"{title} ({year})" if year else title


def films(query: str) -> list[str]:
    """Labels of films whose title contains ``query``, titles starting with it first."""
    if not query.strip():
        return []
    starts = sa.func.lower(Film.title).like(literal(query).lower() + "%", escape="\\")
    rows = db.session.execute(
        sa.select(Film.title, Film.year)
        .where(Film.title.ilike(like_pattern(query), escape="\\"))
        .order_by(sa.case((starts, 0), else_=1), Film.title, Film.year).limit(most())).all()
    return [film_label(row.title, row.year) for row in rows]


def people(query: str) -> list[str]:
    """People whose name contains ``query``, each as a credit line that names them exactly."""
    if not query.strip():
        return []
    rows = db.session.execute(
        sa.select(Person.name, Person.slug)
        .where(Person.name.ilike(like_pattern(query), escape="\\"))
        .order_by(Person.name, Person.id).limit(most())).all()
    return [f"{row.name} | @{row.slug}" for row in rows]


def tags(query: str) -> list[str]:
    """Names of tags containing ``query``."""
    if not query.strip():
        return []
    return list(db.session.scalars(
        sa.select(Tag.name).where(Tag.name.ilike(like_pattern(query), escape="\\"))
        .order_by(Tag.name).limit(most())))


def film_named(text: str) -> Film:
    """The one film a typed "Title" or "Title (Year)" means; a WritingError naming the choices."""
    text = " ".join(text.split())
    match = FILM_LABEL.match(text)
    title, year = (match.group("title"), int(match.group("year"))) if match else (text, None)
    query = sa.select(Film).where(sa.func.lower(Film.title) == title.lower())
    if year is not None:
        query = query.where(Film.year == year)
    found = db.session.scalars(query.order_by(Film.year, Film.id).limit(most())).all()
    if len(found) == 1:
        return found[0]
    if not found:
        raise WritingError(f"No film here is called “{text}”. Check the spelling (the list "
                           "offers matches as you type), or leave this empty and describe "
                           "a new film below.", "film")
    choices = " or ".join(f"“{film_label(film.title, film.year)}”" for film in found)
    raise WritingError(f"Several films here are called “{text}”: write {choices}.", "film")
