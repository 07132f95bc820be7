"""Revisions of a review: each save keeps the version before it; compare and restore them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.pagination import window
from blog.models import Review, ReviewRevision, ReviewStatus, Tag, User, review_tags, utcnow
from blog.services import search, tags
from blog.services.reviews import render_review_text
from blog.services.tags import forget_cloud
from blog.services.errors import RevisionError, rolls_back

# What a revision keeps: the review's own columns, plus its tags by name.
SNAPSHOT_COLUMNS = ("title", "slug", "dek", "body", "rating_halves", "verdict", "status",
                    "published_at", "comments_open")
# What a restore copies back. The slug stays (old links keep working), and so do the status,
# the publication time and the comments switch: restoring text never publishes or unpublishes.
RESTORED_COLUMNS = ("title", "dek", "body", "rating_halves", "verdict")
# Word-level diffs of huge rewritten blocks cost quadratic time and read no better than
# "all of this went, all of that came".
MAX_WORD_DIFF_TOKENS = 3000
WORD_DIFF_MIN_SIMILARITY = 0.3
# A line with the blank lines after it, so blank lines never match each other on their own.
LINE = re.compile(r"[^\n]*\n(?:[ \t]*\n)*|[^\n]+")
# A word or a punctuation mark, with the space after it (bare spaces would match everywhere).
TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")

Segment = tuple[str, str]  # (kind, text): kind is "equal", "insert" or "delete"


# ---------- Keeping versions ----------

def stored_state(review: Review) -> tuple[dict, datetime]:
    """The review as the database holds it (not as the form may have changed it in memory),
    and when that version was saved."""
    columns = [getattr(Review, name) for name in SNAPSHOT_COLUMNS]
    row = db.session.execute(sa.select(*columns, Review.updated_at)
                             .where(Review.id == review.id)).one()
    names = db.session.scalars(
        sa.select(Tag.name).join(review_tags, review_tags.c.tag_id == Tag.id)
        .where(review_tags.c.review_id == review.id))
    state = {name: row._mapping[name] for name in SNAPSHOT_COLUMNS}
    return {**state, "tags": sorted(names, key=str.casefold)}, row.updated_at


def revision_state(revision: ReviewRevision) -> dict:
    """A revision's snapshot in the same shape as ``stored_state``."""
    state = {name: getattr(revision, name) for name in SNAPSHOT_COLUMNS}
    return {**state, "tags": list(revision.tags or [])}


def newest_revision(review: Review) -> ReviewRevision | None:
    """The most recently kept version of a review, if any."""
    return db.session.scalar(revisions_query(review).limit(1))


def record_revision(review: Review, editor: User | None) -> ReviewRevision | None:
    """Keep the review's stored version before a save replaces it (the caller commits).

    Nothing is kept for a review never saved, or when the newest revision already holds
    exactly this version. ``editor`` is the person whose save replaces it. Call it before
    setting the new values; values set but not yet flushed are ignored anyway.
    """
    # No autoflush, even for reading ``review.id`` (which may refresh an expired review):
    # a flush would store the caller's new values before we read the old ones.
    with db.session.no_autoflush:
        if review.id is None:
            return None
        state, saved_at = stored_state(review)
        newest = newest_revision(review)
    if newest is not None and revision_state(newest) == state:
        return None
    revision = ReviewRevision(review=review, editor=editor, saved_at=saved_at, **state)
    db.session.add(revision)
    return revision


def revisions_query(review: Review) -> sa.Select:
    """Select a review's revisions, newest first, with their editors."""
    return (sa.select(ReviewRevision).where(ReviewRevision.review_id == review.id)
            .options(selectinload(ReviewRevision.editor))
            .order_by(ReviewRevision.created_at.desc(), ReviewRevision.id.desc()))


def revisions_page(review: Review, page: int):
    """One page of a review's revisions, for the list."""
    return window(revisions_query(review), page, current_app.config["REVISIONS_PER_PAGE"])


def revisions_of(review: Review) -> list[ReviewRevision]:
    """Every revision of a review, newest first."""
    return list(db.session.scalars(revisions_query(review)))


def revision_of(review: Review, revision_id: int) -> ReviewRevision:
    """One revision of this review; RevisionError if there is none or it is another's."""
    revision = db.session.get(ReviewRevision, revision_id)
    if revision is None or revision.review_id != review.id:
        raise RevisionError("There is no such version of this review.")
    return revision


# ---------- Comparing ----------

@dataclass(frozen=True)
class FieldChange:
    """One changed field, before and after, as values (the page words them)."""

    name: str
    before: object
    after: object


@dataclass
class Comparison:
    """What changed between an earlier version (before) and a later one (after)."""

    fields: list[FieldChange] = field(default_factory=list)
    body: list[Segment] = field(default_factory=list)

    @property
    def body_changed(self) -> bool:
        return any(kind != "equal" for kind, _ in self.body)

    @property
    def changed(self) -> bool:
        return bool(self.fields) or self.body_changed

    def words(self, kind: str) -> int:
        """How many words the body gained ("insert") or lost ("delete")."""
        return sum(len(text.split()) for each, text in self.body if each == kind)


def publication(status: ReviewStatus, published_at) -> tuple[str, datetime | None]:
    """("draft", None), ("scheduled", when) or ("published", when), to the minute the page
    shows."""
    if status is ReviewStatus.DRAFT or published_at is None:
        return ("draft", None)
    when = published_at.replace(second=0, microsecond=0)
    return ("scheduled" if published_at > utcnow() else "published", when)


def shown_fields(state: dict) -> dict[str, object]:
    """The fields a comparison lists, in the order the form shows them, as the values the
    page shows (an empty dek and none are the same)."""
    return {
        "title": state["title"],
        "slug": state["slug"],
        "dek": state["dek"] or "",
        "rating": state["rating_halves"],
        "verdict": state["verdict"] or "",
        "tags": list(state["tags"]),
        "publication": publication(state["status"], state["published_at"]),
        "comments": bool(state["comments_open"]),
    }


def compare(revision: ReviewRevision, later: Review | ReviewRevision) -> Comparison:
    """A readable diff from ``revision`` to the current review or a later revision."""
    before = revision_state(revision)
    if isinstance(later, Review):
        after = {name: getattr(later, name) for name in SNAPSHOT_COLUMNS}
        after["tags"] = sorted((tag.name for tag in later.tags), key=str.casefold)
    else:
        after = revision_state(later)
    old, new = shown_fields(before), shown_fields(after)
    changes = [FieldChange(name, value, new[name])
               for name, value in old.items() if value != new[name]]
    return Comparison(fields=changes, body=diff_text(before["body"], after["body"]))


def diff_text(before: str, after: str) -> list[Segment]:
    """Line by line, then word by word inside changed lines: segments that rebuild both texts."""
    old, new = LINE.findall(before), LINE.findall(after)
    segments: list[Segment] = []
    # difflib's default "autojunk" treats very common lines as junk, which keeps bodies made
    # of many repeated lines from taking quadratic time.
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old[i1:i2])))
        elif op == "delete":
            segments.append(("delete", "".join(old[i1:i2])))
        elif op == "insert":
            segments.append(("insert", "".join(new[j1:j2])))
        else:
            segments.extend(diff_words("".join(old[i1:i2]), "".join(new[j1:j2])))
    return merged(segments)


def diff_words(before: str, after: str) -> list[Segment]:
    """Word-level segments for a changed stretch, or the whole stretch out and in when the
    two share too little for a word diff to read well."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    whole = [("delete", before), ("insert", after)]
    if len(old) > MAX_WORD_DIFF_TOKENS or len(new) > MAX_WORD_DIFF_TOKENS:
        return whole
    matcher = SequenceMatcher(None, old, new)
    if matcher.ratio() < WORD_DIFF_MIN_SIMILARITY:
        return whole
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new[j1:j2])))
    return segments


def merged(segments: list[Segment]) -> list[Segment]:
    """Join neighbouring segments of the same kind and drop empty ones."""
    result: list[Segment] = []
    for kind, text in segments:
        if not text:
            continue
        if result and result[-1][0] == kind:
            result[-1] = (kind, result[-1][1] + text)
        else:
            result.append((kind, text))
    return result


# ---------- Restoring ----------

def tags_for(names: list[str]) -> list[Tag]:
    """The tags a revision names, matched by name as the form matches them; any that no
    longer exist are re-created."""
    unique: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        if name:
            unique.setdefault(tags.tag_key(name), name)
    return tags.tags_named(list(unique.values()))


@rolls_back
def restore_revision(review: Review, revision: ReviewRevision,
                     editor: User | None) -> ReviewRevision | None:
    """Put a revision's text back into the review, keeping the current version as a revision
    first (so a restore can itself be undone). Slug and publication state stay as they are.

    Returns the revision that holds the version just replaced (None if it was already kept).
    """
    if revision.review_id != review.id:
        raise RevisionError("That version belongs to another review.")
    kept = record_revision(review, editor)
    for name in RESTORED_COLUMNS:
        setattr(review, name, getattr(revision, name))
    review.tags = tags_for(revision.tags or [])
    render_review_text(review)
    review.updated_at = utcnow()
    search.reindex([review.id])
    db.session.commit()
    forget_cloud()
    return kept
