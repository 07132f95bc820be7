"""Per-tag counts of published reviews, kept on every write rather than counted per request.

``Tag.published_count`` holds how many published reviews carry the tag, scheduled ones included.
Session events note which tags a flush can change (a review published, unpublished, deleted,
rescheduled or retagged) and recount exactly those, from the index on ``review_tags``, before
the transaction commits. Scheduled reviews need no job: the cloud subtracts the ones whose time
has not come, found through the (status, published_at) index, so reading the cloud costs the
same however many reviews the blog holds. Bulk statements skip the session events; their
callers (a tag merge) call ``recount`` themselves.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from blog.extensions import db
from blog.models import Review, ReviewStatus, Tag, review_tags, utcnow

PENDING_KEY = "tags_to_recount"
# Changes to these review columns can move a review in or out of the published counts.
COUNTED_COLUMNS = ("status", "published_at")


def published():
    """The criterion "a published review with a publication time" (shown now or later)."""
    return sa.and_(Review.status == ReviewStatus.PUBLISHED, Review.published_at.is_not(None))


def fresh_count():
    """A correlated count of the published reviews carrying ``tags.id``."""
    return (sa.select(sa.func.count()).select_from(review_tags)
            .join(Review, Review.id == review_tags.c.review_id)
            .where(review_tags.c.tag_id == Tag.__table__.c.id, published())
            .scalar_subquery())


def recount(tag_ids: Iterable[int] | None = None, session: Session | None = None) -> None:
    """Set the kept count of these tags (all of them with None) to a fresh count, in the
    caller's transaction."""
    session = session or db.session
    statement = sa.update(Tag.__table__).values(published_count=fresh_count())
    if tag_ids is not None:
        tag_ids = sorted(set(tag_ids))
        if not tag_ids:
            return
        statement = statement.where(Tag.__table__.c.id.in_(tag_ids))
    session.execute(statement)


def not_yet_due():
    """Per tag, the published reviews whose time has not come: few, whatever the blog's size."""
    return (sa.select(review_tags.c.tag_id, sa.func.count().label("waiting"))
            .join(Review, Review.id == review_tags.c.review_id)
            .where(Review.status == ReviewStatus.PUBLISHED, Review.published_at > utcnow())
            .group_by(review_tags.c.tag_id).subquery())


def visible_count_column(waiting):
    """A tag's visible reviews: its kept count less those of its reviews still scheduled."""
    return (Tag.published_count - sa.func.coalesce(waiting.c.waiting, 0)).label("review_count")


def tags_changed_by(session: Session) -> set[Tag]:
    """The tags whose count this flush may change."""
    tags: set[Tag] = set()
    for review in session.new:
        if isinstance(review, Review) and review.status is ReviewStatus.PUBLISHED:
            tags.update(review.tags)
    for review in session.dirty:
        if not isinstance(review, Review):
            continue
        state = sa.inspect(review)
        history = state.attrs.tags.history
        tags.update(history.added or ())
        tags.update(history.deleted or ())
        if any(state.attrs[name].history.has_changes() for name in COUNTED_COLUMNS):
            tags.update(review.tags)
    for review in session.deleted:
        if isinstance(review, Review):
            tags.update(review.tags)
    return tags


@event.listens_for(Session, "before_flush")
def note_tag_changes(session, _flush_context, _instances) -> None:
    tags = tags_changed_by(session)
    if tags:
        session.info.setdefault(PENDING_KEY, set()).update(tags)


@event.listens_for(Session, "after_flush_postexec")
def recount_changed_tags(session, _flush_context) -> None:
    tags = session.info.pop(PENDING_KEY, None)
    if tags:
        ids = [tag.id for tag in tags
               if tag.id is not None and not sa.inspect(tag).deleted and not
               sa.inspect(tag).was_deleted]
        recount(ids, session)


@event.listens_for(Session, "after_soft_rollback")
def forget_pending_counts(session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(PENDING_KEY, None)
