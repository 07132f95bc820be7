"""Model factories for tests: sensible defaults, every field overridable, committed rows."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

from werkzeug.security import generate_password_hash

from blog.extensions import db
from blog.models import (Comment, CommentStatus, Credit, CreditRole, Film, Person, Review,
                         ReviewStatus, Role, Tag, TagKind, User, WatchOption, utcnow)
from blog.sanitize import clean_comment
from blog.services import search
from blog.services.reviews import render_review_text

PASSWORD = "correct horse battery"
# Hashing is deliberately slow. The shared test password is hashed once, and with a cheap
# method: every sign-in through the real form verifies it, and Werkzeug reads the method from
# the hash. Passwords set through the app (registration, changes) still use its scrypt.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_serial = itertools.count(1)


def save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def user(username: str | None = None, role: str = "commenter", **fields) -> User:
    username = username or f"user{next(_serial)}"
    account = User(username=username, username_key=username.casefold(),
                   email=fields.pop("email", f"{username.lower()}@example.com"),
                   role=Role(role), email_confirmed_at=utcnow(), password_hash=PASSWORD_HASH,
                   **fields)
    return save(account)


def film(title: str = "A Film", **fields) -> Film:
    fields.setdefault("year", 1999)
    return save(Film(title=title, **fields))


def person(name: str = "Some One", **fields) -> Person:
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{next(_serial)}")
    return save(Person(name=name, **fields))


def credit(of_film: Film, who: Person, role: str = "cast", character: str = "",
           position: int = 0) -> Credit:
    return save(Credit(film=of_film, person=who, role=CreditRole(role), character=character,
                       position=position))


def watch_option(of_film: Film, service: str = "Cinema Club", region: str = "GB") -> WatchOption:
    return save(WatchOption(film=of_film, service=service, region=region,
                            url="https://example.com/watch", checked_on=date(2026, 11, 1)))


def tag(name: str = "Drama", kind: str = "genre") -> Tag:
    return save(Tag(name=name, slug=name.lower().replace(" ", "-"), kind=TagKind(kind)))


def review(title: str | None = None, author: User | None = None, of_film: Film | None = None,
           status: str = "published", published_at: datetime | None = None,
           tags: list[Tag] = (), body: str = "A *fine* film.\n\nIt runs long.",
           **fields) -> Review:
    serial = next(_serial)
    title = title or f"Review {serial}"
    if published_at is None and status == "published":
        published_at = utcnow() - timedelta(days=serial)
    item = Review(title=title, slug=fields.pop("slug", f"review-{serial}"),
                  author=author or user(role="author"), film=of_film or film(title),
                  status=ReviewStatus(status), published_at=published_at, body=body,
                  rating_halves=fields.pop("rating_halves", 7), tags=list(tags), **fields)
    if published_at:
        item.updated_at = published_at
    render_review_text(item)
    save(item)
    search.reindex([item.id])  # as every write path in the app does
    db.session.commit()
    return item


def comment(on: Review, author: User, text: str = "Nice review.", parent: Comment | None = None,
            status: str = "approved", created_at: datetime | None = None) -> Comment:
    item = Comment(author=author, body_source=text, body_html=clean_comment(text),
                   status=CommentStatus(status), created_at=created_at or utcnow())
    item.place_under(parent)
    item.review = on
    return save(item)
