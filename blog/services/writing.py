"""The author's studio: which reviews an author sees, and saving, publishing and scheduling."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from slugify import slugify
from sqlalchemy.orm import selectinload

from blog import sanitize
from blog.extensions import db
from blog.pagination import window
from blog.models import (Comment, CommentStatus, Film, Review, ReviewSlugRedirect, ReviewStatus,
                         User, utcnow)
from blog.services import archive, films, lookup, revisions, search, tags
from blog.services.images import StoredImage, delete_stored
from blog.services.reviews import render_review_text
from blog.services.tags import forget_cloud
from blog.services.errors import WritingConflict, WritingError, rolls_back


class Stage(str, enum.Enum):
    """Where a review stands, as the dashboard shows it."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


def stage(review: Review) -> Stage:
    """Draft, scheduled (published with a time still to come) or published."""
    if review.status is not ReviewStatus.PUBLISHED or review.published_at is None:
        return Stage.DRAFT
    return Stage.PUBLISHED if review.published_at <= utcnow() else Stage.SCHEDULED


def can_edit(user: User, review: Review) -> bool:
    """Authors edit their own reviews; admins edit any."""
    return user.is_admin or review.author_id == user.id


def reviews_of(user: User):
    """The reviews a writer's dashboard lists: their own, or every review for an admin."""
    query = sa.select(Review).options(selectinload(Review.film), selectinload(Review.author))
    if not user.is_admin:
        query = query.where(Review.author_id == user.id)
    # Drafts and scheduled reviews first (no date or a future one), then newest published.
    return query.order_by(Review.published_at.is_(None).desc(), Review.published_at.desc(),
                          Review.updated_at.desc())


def dashboard_page(user: User, page: int):
    """One page of the dashboard's reviews."""
    return window(reviews_of(user), page, current_app.config["REVIEWS_PER_PAGE"])


def comment_counts(review_ids) -> dict[int, dict[str, int]]:
    """Approved and pending comments per review, for the dashboard, in one query."""
    if not review_ids:
        return {}
    rows = db.session.execute(
        sa.select(Comment.review_id, Comment.status, sa.func.count(Comment.id))
        .where(Comment.review_id.in_(review_ids),
               Comment.status.in_([CommentStatus.APPROVED, CommentStatus.PENDING]))
        .group_by(Comment.review_id, Comment.status))
    counts: dict[int, dict[str, int]] = {}
    for review_id, status, count in rows:
        counts.setdefault(review_id, {})[status.value] = count
    return counts


@dataclass
class ReviewDraft:
    """What the author typed about the review itself (the film comes separately)."""

    title: str
    body: str
    slug: str = ""
    dek: str = ""
    rating_halves: int | None = None
    verdict: str = ""
    tags: str = ""
    comments_open: bool = True
    poster_alt: str = ""
    remove_poster: bool = False

    @classmethod
    def from_typed(cls, typed: dict) -> ReviewDraft:
        """The review's fields as the form sends them (the rating as a string of half stars)."""
        return cls(title=typed["title"], body=typed["body"], slug=typed["slug"],
                   dek=typed["dek"], rating_halves=int(typed["rating"]) if typed["rating"]
                   else None, verdict=typed["verdict"], tags=typed["tags"],
                   comments_open=typed["comments_open"], poster_alt=typed["poster_alt"],
                   remove_poster=typed["remove_poster"])


class Action(str, enum.Enum):
    """Which button the review form was sent with, and so what happens to publication."""

    SAVE = "save"          # keep the publication state as it is (a new review is a draft)
    DRAFT = "draft"        # save and take off the site (unpublish)
    PUBLISH = "publish"    # visible now (a published review keeps its first date)
    SCHEDULE = "schedule"  # visible from a given time


@dataclass
class ReviewSubmission:
    """Everything one send of the review form asks for: the review as typed, its film (one
    named in the film field, one picked by id, or the film fields as typed), the button
    pressed, the publication time (aware UTC) and a poster already checked and stored."""

    draft: ReviewDraft
    film_label: str = ""
    film_id: int | None = None
    film_fields: dict = field(default_factory=dict)
    action: Action = Action.SAVE
    schedule_at: datetime | None = None
    poster: StoredImage | None = None

    @classmethod
    def from_typed(cls, typed: dict, action: Action, schedule_at: datetime | None = None,
                   poster: StoredImage | None = None) -> ReviewSubmission:
        """The submission from the form's values by field name."""
        return cls(ReviewDraft.from_typed(typed), typed["film"] or "", typed["film_id"],
                   {name: typed[name] for name in films.FILM_FIELDS}, action, schedule_at,
                   poster)


def preview_body(source: str) -> str:
    """The body as readers would see it, for the preview button."""
    return sanitize.render_markdown(source)


def tag_names(text: str) -> list[str]:
    """Comma-separated tag names without repeats; a WritingError for an over-long one."""
    try:
        return tags.tag_names(text)
    except tags.TagNameTooLong as error:
        raise WritingError(str(error), "tags") from None


def slug_is_free(slug: str, review: Review) -> bool:
    """Whether no other review has this address, now or as an old one that redirects."""
    taken = db.session.scalar(sa.select(Review.id).where(Review.slug == slug,
                                                         Review.id != review.id
                                                         if review.id else sa.true()))
    redirect = db.session.scalar(sa.select(ReviewSlugRedirect.review_id).where(
        ReviewSlugRedirect.old_slug == slug))
    return taken is None and redirect in (None, review.id)


def free_title_slug(base: str, review: Review, year: int | None) -> str:
    """The title's address, or the first free one of "<title>-<year>", then "-2", "-3"…"""
    if slug_is_free(base, review):
        return base
    stem = f"{base[:194]}-{year}" if year else base[:194]
    candidates = [stem] if year else []
    candidates += (f"{stem}-{number}" for number in range(2, 1000))
    return next(slug for slug in candidates if slug_is_free(slug, review))


def claim_slug(review: Review, wanted: str, typed: bool = True, year: int | None = None) -> None:
    """Give the review this slug; its old one keeps redirecting.

    A slug the author typed that another review has is a 409; one made from the title finds
    a free address instead (the film's year, then a number).
    """
    wanted = slugify(wanted)[:200] or "review"
    if wanted == review.slug:
        return
    if not slug_is_free(wanted, review):
        if typed:
            raise WritingConflict(f"The address “{wanted}” is already used by another review.",
                                  "slug")
        wanted = free_title_slug(wanted, review, year)
        if wanted == review.slug:
            return
    redirect = db.session.scalar(sa.select(ReviewSlugRedirect).where(
        ReviewSlugRedirect.old_slug == wanted))
    if redirect is not None:  # taking back one of its own old addresses
        db.session.delete(redirect)
    if review.slug and review.published_at is not None:
        db.session.add(ReviewSlugRedirect(old_slug=review.slug, review=review))
    review.slug = wanted


def publish_time(action: Action, review: Review, schedule_at: datetime | None) -> datetime | None:
    """When the review goes (or went) on the site under this action; None for a draft."""
    now = utcnow()
    if action is Action.DRAFT or (action is Action.SAVE and review.status is not
                                  ReviewStatus.PUBLISHED):
        return None
    if action is Action.SCHEDULE:
        if schedule_at is None:
            raise WritingError("Choose the date and time to publish at.", "schedule_at")
        if schedule_at <= now:
            raise WritingError("Choose a time in the future, or publish now.", "schedule_at")
        return schedule_at
    if action is Action.PUBLISH and (review.published_at is None or review.published_at > now):
        return now
    return review.published_at


def chosen_film(submission: ReviewSubmission, review: Review | None, editor: User) -> Film:
    """The film named in the film field, or the one the film fields describe (new or edited)."""
    current = review.film if review is not None else None
    if submission.film_label:
        film = lookup.film_named(submission.film_label)
        if current is None or film.id != current.id:
            return film
    elif submission.film_id and (current is None or submission.film_id != current.id):
        film = db.session.get(Film, submission.film_id)
        if film is None:
            raise WritingError("Name a film that is here, or describe a new one.", "film")
        return film
    if current is not None and not films.can_edit_film(editor, current):
        if films.facts_differ(current, submission.film_fields):
            raise films.FilmLocked(films.LOCKED_MESSAGE, "film_title")
        return current  # the facts came back as shown: nothing to change
    return films.save_film(current, films.FilmFacts.from_typed(submission.film_fields), editor)


@rolls_back
def save_review(review: Review | None, author: User, submission: ReviewSubmission) -> Review:
    """Save the review (new or edited) and its film in one transaction."""
    film = chosen_film(submission, review, author)
    if review is not None and review.id is not None:
        revisions.record_revision(review, author)
    draft = submission.draft
    with db.session.no_autoflush:  # nothing reaches the database until the review is whole
        review = fill_review(review or Review(author=author), draft, film, submission.action,
                             submission.schedule_at)
        replaced = set_poster(review, draft, submission.poster)
    db.session.add(review)
    db.session.flush()
    # The film's facts and credits are in the document of every review of it.
    search.reindex(search.reviews_of_films([review.film_id]))
    db.session.commit()
    delete_stored(replaced)  # only once the review no longer points at it
    forget_cloud()
    archive.forget()
    return review


def set_poster(review: Review, draft: ReviewDraft, poster: StoredImage | None) -> str | None:
    """Attach a new poster, or remove the old one; return the file that is no longer used."""
    old = review.poster_path or None
    if poster is not None:
        review.poster_path = poster.path
        review.poster_width, review.poster_height = poster.width, poster.height
    elif draft.remove_poster:
        review.poster_path, review.poster_width, review.poster_height = "", None, None
    else:
        return None
    review.poster_alt = draft.poster_alt or f"Poster for {review.film.title}"
    return old if old != review.poster_path else None


def fill_review(review: Review, draft: ReviewDraft, film: Film, action: Action,
                schedule_at: datetime | None) -> Review:
    """Copy the form's values onto the review, with its slug, tags and publication time."""
    when = publish_time(action, review, schedule_at)
    for name in ("title", "body", "dek", "rating_halves", "verdict", "comments_open"):
        setattr(review, name, getattr(draft, name))
    if draft.rating_halves is not None and not 1 <= draft.rating_halves <= 10:
        raise WritingError("Ratings go in half stars from 0.5 to 5.", "rating")
    claim_slug(review, draft.slug or draft.title, typed=bool(draft.slug), year=film.year)
    review.film = film
    review.tags = tags.tags_named(tag_names(draft.tags),
                                  [credit.person.name for credit in film.credits])
    review.status = ReviewStatus.DRAFT if when is None else ReviewStatus.PUBLISHED
    review.published_at = when
    review.updated_at = utcnow()
    review.poster_alt = draft.poster_alt or f"Poster for {film.title}"
    render_review_text(review)
    return review


@rolls_back
def unpublish(review: Review, editor: User) -> None:
    """Take a review off the site; it becomes a draft again."""
    revisions.record_revision(review, editor)
    review.status = ReviewStatus.DRAFT
    review.published_at = None
    review.updated_at = utcnow()
    search.reindex([review.id])
    db.session.commit()
    forget_cloud()
    archive.forget()


@rolls_back
def delete_review(review: Review) -> None:
    """Delete a review with its comments; the film and people stay for other reviews."""
    review_id = review.id
    db.session.delete(review)
    search.reindex([review_id])  # the document goes with the review (ON DELETE CASCADE)
    db.session.commit()
    forget_cloud()
    archive.forget()
