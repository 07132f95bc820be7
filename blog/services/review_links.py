"""The links at the foot of a review page: the older and newer reviews and the related ones,
worked out once per review and kept in the shared cache.

Ranking related reviews walks the candidate sets of every tag and finding neighbours walks an
index twice: both only change when a review is published, unpublished, deleted, rescheduled or
retagged, or a tag goes. Those writes (noted by session events, bulk statements included) move
a generation on, and entries are kept by review and generation. What is kept is only ids: the
reviews themselves are loaded afresh in one query (through the visibility rule), so an edited
title shows at once. A scheduled review coming into view changes the neighbours with no write,
so no entry outlives the next scheduled publication.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, joinedload, selectinload

from blog.extensions import cache, db
from blog.models import Review, ReviewStatus, Tag, utcnow
from blog.generations import KEPT_SECONDS, Generation

GENERATION = Generation("review-links/generation")
ENTRY_KEY = "review-links/{generation}/{review_id}"
CHANGED = "review_links_changed"
# Review columns whose change can move a review in, out of, or along the listings.
LISTED_COLUMNS = ("status", "published_at")
LISTING_TABLES = frozenset({"reviews", "review_tags", "tags"})


@dataclass(frozen=True)
class Links:
    older: Review | None
    newer: Review | None
    related: list[Review]


def links_for(review: Review) -> Links:
    """The neighbours and related reviews of a visible review, from the cache when kept."""
    from blog.services import reviews

    generation, key = current_generation(), None
    ids = None
    if generation is not None:
        key = ENTRY_KEY.format(generation=generation, review_id=review.id)
        ids = cache.get(key)
    if ids is None:
        ids = (*reviews.neighbour_ids(review), tuple(reviews.related_ids(review)))
        if key is not None and (lifetime := seconds_to_keep()) > 0:
            cache.set(key, ids, timeout=lifetime)
    return load(*ids)


def load(older_id: int | None, newer_id: int | None, related_ids: tuple[int, ...]) -> Links:
    """The visible reviews with these ids, in one query, with what a card shows."""
    wanted = [i for i in (older_id, newer_id, *related_ids) if i is not None]
    found = {}
    if wanted:
        found = {other.id: other for other in db.session.scalars(
            sa.select(Review).where(Review.id.in_(wanted), Review.is_visible)
            .options(joinedload(Review.film), joinedload(Review.author),
                     selectinload(Review.tags)))}
    return Links(found.get(older_id), found.get(newer_id),
                 [found[i] for i in related_ids if i in found])


def current_generation() -> str | None:
    """The generation entries are kept under; made on first use. None without a cache."""
    return GENERATION.current()


def forget() -> None:
    """Move the generation on: every kept entry is worked out afresh on its next use."""
    GENERATION.move_on()


def seconds_to_keep(longest: int = KEPT_SECONDS) -> int:
    """``longest`` (by default a day: ``generations.KEPT_SECONDS``), cut short by the next
    scheduled publication."""
    now = utcnow()
    upcoming = db.session.scalar(
        sa.select(sa.func.min(Review.published_at))
        .where(Review.status == ReviewStatus.PUBLISHED, Review.published_at > now))
    return longest if upcoming is None else min(longest, int((upcoming - now).total_seconds()))


def changes_listings(session: Session) -> bool:
    """Whether this flush can change which reviews are listed, or in what order."""
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Review) or (isinstance(obj, Tag) and obj in session.deleted):
            return True
    for obj in session.dirty:
        if isinstance(obj, Review):
            state = sa.inspect(obj)
            if state.attrs.tags.history.has_changes() or any(
                    state.attrs[name].history.has_changes() for name in LISTED_COLUMNS):
                return True
    return False


@event.listens_for(Session, "before_flush")
def note_listing_changes(session, _flush_context, _instances) -> None:
    if changes_listings(session):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def note_bulk_listing_changes(state) -> None:
    """Bulk statements skip the flush: note those on the tables listings come from."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table.name in LISTING_TABLES and table.name != "tags":
        state.session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
def forget_after_listing_changes(session) -> None:
    if session.info.pop(CHANGED, False):
        forget()


@event.listens_for(Session, "after_soft_rollback")
def keep_after_rollback(session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(CHANGED, None)
