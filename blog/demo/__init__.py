"""Demo content for a fresh blog: a critic, reviews of well-known films, people, tags, comments.

``load_demo`` runs inside an application context, writes everything in one transaction and
draws its posters and portraits locally (see ``images``), so it works offline.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from slugify import slugify

from blog.demo import images
from blog.demo.comments import AUTHOR as REVIEW_AUTHOR, COMMENTERS, THREADS
from blog.demo.films import AUTHOR, DRAFT, FILMS, PEOPLE, SCHEDULED, TAGS, WATCH_SERVICES
from blog.demo.lists import add_list
from blog.demo.ratings import add_ratings
from blog.demo.reviews_text import BODIES
from blog.extensions import db
from blog.services import users
from blog.models import (Comment, CommentStatus, Credit, CreditRole, Film, Person, Review,
                         ReviewStatus, Role, Tag, User, WatchOption, utcnow)
from blog.sanitize import clean_comment
from blog.services import search
from blog.services.films import language_tag
from blog.services.reviews import render_review_text

__all__ = ["DEMO_AUTHOR_USERNAME", "load_demo"]

DEMO_AUTHOR_USERNAME = "critic"
# The newest fixed publication date must be at least this far in the past, or all dates shift.
NEWEST_AGE = timedelta(days=5)
SCHEDULED_AHEAD = timedelta(days=3)
COMMENT_SPAN = timedelta(days=14)


def load_demo(author_password: str) -> bool:
    """Fill an empty blog with the demo in one transaction; False if it has content already."""
    if _demo_present():
        return False
    try:
        now = utcnow()
        _add_everything(author_password, now)
        db.session.flush()
        add_ratings()
        add_list(db.session.scalar(sa.select(User).where(User.username == DEMO_AUTHOR_USERNAME)),
                 now)
        search.reindex(db.session.scalars(sa.select(Review.id)))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return True


def _add_everything(author_password: str, now: datetime) -> None:
    """Add the users, people, tags, films, reviews and comments to the session."""
    shift = _clock_shift(now)
    joined = _fixed_publications()[0] - shift - timedelta(days=60)
    author = _new_user(DEMO_AUTHOR_USERNAME, AUTHOR["display_name"], AUTHOR["email"],
                       Role.ADMIN, author_password, AUTHOR["bio"], joined)
    writers = {REVIEW_AUTHOR: author, **_create_commenters(joined + timedelta(days=10))}
    people = _create_people()
    tags = _create_tags()
    for spec in FILMS:
        review = _create_review(spec, _create_film(spec, people), author, tags, now, shift)
        _add_comments(review, THREADS.get(spec["slug"], []), writers, now)


def _demo_present() -> bool:
    """Whether the demo critic or any review exists, in which case the demo is not loaded."""
    critic = sa.select(User.id).where(User.username_key == DEMO_AUTHOR_USERNAME.casefold())
    return (db.session.scalar(critic.limit(1)) is not None
            or db.session.scalar(sa.select(Review.id).limit(1)) is not None)


def _fixed_publications() -> list[datetime]:
    """The fixed publication times of the visible reviews, oldest first."""
    return sorted(spec["published"] for spec in FILMS
                  if spec["published"] not in (DRAFT, SCHEDULED))


def _clock_shift(now: datetime) -> timedelta:
    """How far to move every fixed date back so that all of them lie safely in the past."""
    return max(timedelta(0), _fixed_publications()[-1] + NEWEST_AGE - now)


def _new_user(username: str, display_name: str, email: str, role: Role, password: str,
              bio: str, joined: datetime) -> User:
    """Add a confirmed account that joined at ``joined``, through the rules every user meets."""
    user = users.new_user(username, email, password, role, display_name, confirmed=True)
    user.bio, user.created_at = bio, joined
    user.email_confirmed_at = joined + timedelta(hours=1)
    return user


def _create_commenters(joined: datetime) -> dict[str, User]:
    """Add the demo readers, with random passwords nobody knows, keyed by username."""
    readers = {}
    for index, (username, display_name, bio, banned) in enumerate(COMMENTERS):
        reader = _new_user(username, display_name, f"{username}@example.com", Role.COMMENTER,
                           secrets.token_urlsafe(24), bio, joined + timedelta(days=7 * index))
        reader.is_banned = banned
        readers[username] = reader
    return readers


def _create_people() -> dict[str, Person]:
    """Add everyone credited on a demo film, once each, with a drawn portrait."""
    people = {}
    for name, (bio, imdb_id) in PEOPLE.items():
        slug = slugify(name)
        people[name] = Person(name=name, slug=slug, imdb_id=imdb_id, bio=bio,
                              portrait_path=images.draw_portrait(slug, name))
        db.session.add(people[name])
    return people


def _create_tags() -> dict[str, Tag]:
    """Add the demo tags, keyed by name."""
    tags = {name: Tag(name=name, slug=slugify(name), kind=kind) for name, kind in TAGS}
    db.session.add_all(tags.values())
    return tags


def _create_film(spec: dict, people: dict[str, Person]) -> Film:
    """Add a film with its credits and where to watch it."""
    film = Film(title=spec["title"], original_title=spec.get("original_title", ""),
                year=spec["year"], release_date=spec.get("release_date"),
                runtime_minutes=spec.get("runtime_minutes"), countries=spec["countries"],
                languages=spec["languages"], synopsis=spec["synopsis"],
                language=language_tag("", spec["languages"]),
                trailer_url=spec.get("trailer_url", ""), imdb_id=spec.get("imdb_id"),
                rotten_tomatoes_url=spec.get("rotten_tomatoes_url", ""),
                letterboxd_url=spec.get("letterboxd_url", ""))
    film.credits = _credits(spec, people)
    film.watch_options = [
        WatchOption(service=service, kind=kind, region=region, url=WATCH_SERVICES[service],
                    checked_on=spec["checked_on"])
        for service, kind, region in spec["watch"]]
    db.session.add(film)
    return film


def _credits(spec: dict, people: dict[str, Person]) -> list[Credit]:
    """Directors, then writers, then cast in billing order, numbered in that order."""
    rows = ([(CreditRole.DIRECTOR, name, "") for name in spec["directors"]]
            + [(CreditRole.WRITER, name, "") for name in spec["writers"]]
            + [(CreditRole.CAST, name, character) for name, character in spec["cast"]])
    return [Credit(person=people[name], role=role, character=character, position=position)
            for position, (role, name, character) in enumerate(rows)]


def _create_review(spec: dict, film: Film, author: User, tags: dict[str, Tag],
                   now: datetime, shift: timedelta) -> Review:
    """Add the critic's review of a film, with its rendered text and a drawn poster."""
    status, published = _publication(spec["published"], now, shift)
    review = Review(slug=spec["slug"], title=spec["title"], dek=spec["dek"],
                    body=BODIES[spec["slug"]], rating_halves=spec["rating_halves"],
                    verdict=spec["verdict"], status=status, published_at=published,
                    author=author, film=film, tags=[tags[name] for name in spec["tags"]])
    review.created_at, review.updated_at = _review_times(published, spec, now)
    review.poster_path, review.poster_width, review.poster_height = images.draw_poster(
        spec["slug"], film.title, film.year, spec["directors"][0], *_poster_style(spec))
    review.poster_alt = f"Poster for {film.title}"
    render_review_text(review)
    db.session.add(review)
    return review


def _poster_style(spec: dict) -> tuple[tuple[str, str, str], str]:
    """The poster's (background, ink, accent) colours and its motif."""
    background, ink, accent, motif = spec["poster"]
    return (background, ink, accent), motif


def _publication(published, now: datetime, shift: timedelta):
    """The status and publication time: a draft, scheduled three days ahead, or a past date."""
    if published == DRAFT:
        return ReviewStatus.DRAFT, None
    if published == SCHEDULED:
        return ReviewStatus.PUBLISHED, now + SCHEDULED_AHEAD
    return ReviewStatus.PUBLISHED, published - shift


def _review_times(published: datetime | None, spec: dict, now: datetime):
    """When the review was started and last changed, consistent with its publication."""
    if published is None:
        return now - timedelta(days=9), now - timedelta(days=1)
    if published > now:
        return now - timedelta(days=12), now - timedelta(hours=2)
    return (published - timedelta(days=3),
            published + timedelta(days=spec.get("updated_days", 0)))


def _add_comments(review: Review, threads: list, writers: dict[str, User],
                  now: datetime) -> None:
    """Add a review's comment threads, spread over the days after it was published."""
    rows = _flatten(threads)
    if not rows:
        return
    made: list[Comment] = []
    for (writer, text, status, parent_index), created in zip(
            rows, _comment_times(review.published_at, len(rows), now)):
        parent = None if parent_index is None else made[parent_index]
        comment = Comment(review=review, author=writers[writer], body_source=text,
                          body_html=clean_comment(text), status=CommentStatus(status),
                          created_at=created)
        comment.place_under(parent)
        made.append(comment)
    db.session.add_all(made)


def _flatten(nodes: list, parent: int | None = None, rows: list | None = None) -> list:
    """Thread nodes in reading order as (writer, text, status, index of the parent row)."""
    rows = [] if rows is None else rows
    for node in nodes:
        writer, text, replies = node[:3]
        rows.append((writer, text, node[3] if len(node) > 3 else "approved", parent))
        _flatten(replies, len(rows) - 1, rows)
    return rows


def _comment_times(published: datetime, count: int, now: datetime) -> list[datetime]:
    """Evenly spaced times after publication, within two weeks and before now, in order."""
    span = min(COMMENT_SPAN, (now - published) * 0.8)
    return [published + span * (index + 1) / (count + 1) for index in range(count)]
