"""The catalogue's option counts kept in the shared cache until something they count changes.

Counting every option of every facet walks the reviews a selection matches, which grows with
the blog (seconds at 100,000 reviews for a common genre). The counts only change when a review
is published, unpublished, deleted, rescheduled, rated by its critic, retagged or moved to
another film; when a film's facts, credits, people, tags or where-to-watch rows change; or
when readers' ratings move a review's average. Those writes (session events, bulk statements
included) move a generation on; comments, sign-ins and the rest leave the counts as they are.
A scheduled review coming into view changes counts with no write, so no entry outlives the
next scheduled publication.
"""
from __future__ import annotations


import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from blog.extensions import cache
from blog.models import (Credit, Film, Person, ReaderRatingSummary, Review, Tag,
                         WatchOption)
from blog.generations import Generation
from blog.services.review_links import seconds_to_keep

GENERATION = Generation("catalogue/counts-generation")
ENTRY_KEY = "catalogue/counts/{generation}/{selection}"
CHANGED = "catalogue_counts_changed"
# Rows the counts are made of; a review only through these of its fields.
COUNTED = (Review, Film, Person, Credit, Tag, WatchOption, ReaderRatingSummary)
COUNTED_TABLES = frozenset({"reviews", "films", "people", "credits", "tags", "review_tags",
                            "watch_options", "reader_rating_summaries"})
REVIEW_FIELDS = ("status", "published_at", "rating_halves", "film_id", "film", "tags")


def kept(selection_digest: str):
    """The counts kept for a selection (named by a digest of its chosen values), or None."""
    generation = current_generation()
    if generation is None:
        return None
    return cache.get(ENTRY_KEY.format(generation=generation, selection=selection_digest))


def keep(selection_digest: str, counts) -> None:
    """Keep a selection's counts under the current generation, until the next scheduled
    publication (a day at most)."""
    generation = current_generation()
    if generation is not None and (lifetime := seconds_to_keep()) > 0:
        cache.set(ENTRY_KEY.format(generation=generation, selection=selection_digest), counts,
                  timeout=lifetime)


def current_generation() -> str | None:
    """The generation counts are kept under; made on first use. None without a cache."""
    return GENERATION.current()


def forget() -> None:
    """Move the generation on: every selection's counts are counted afresh on next use."""
    GENERATION.move_on()


def changes_counts(session: Session) -> bool:
    """Whether this flush changes anything an option's count is made of."""
    if any(isinstance(obj, COUNTED) for obj in (*session.new, *session.deleted)):
        return True
    for obj in session.dirty:
        if isinstance(obj, Review):
            state = sa.inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in REVIEW_FIELDS):
                return True
        elif isinstance(obj, COUNTED) and session.is_modified(obj):
            return True
    return False


@event.listens_for(Session, "before_flush")
def note_count_changes(session, _flush_context, _instances) -> None:
    if changes_counts(session):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def note_bulk_count_changes(state) -> None:
    """Bulk statements skip the flush: note those on the tables the counts come from."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table.name in COUNTED_TABLES:
        state.session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
def forget_after_count_changes(session) -> None:
    if session.info.pop(CHANGED, False):
        forget()


@event.listens_for(Session, "after_soft_rollback")
def keep_after_rollback(session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(CHANGED, None)
