"""Comments sent after the writer's session ended: kept for a day, handed back after sign-in.

A reader who writes for an hour may find their session gone when they press "Post comment". The
text is kept here under a random token, the login link carries the token back to the review, and
the review page puts the text in the box once they are signed in. Nothing is published from a
draft: the reader sends the form again themself.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa

from blog.extensions import db
from blog.models import CommentDraft, Review, utcnow

KEPT_FOR = timedelta(days=1)


def forget_expired() -> None:
    """Delete drafts past their day (run whenever a draft is kept or a comment posted)."""
    db.session.execute(sa.delete(CommentDraft).where(CommentDraft.created_at < utcnow() - KEPT_FOR))
    db.session.commit()


def keep(review: Review, body: str, parent_id: int | None) -> str:
    """Store a comment that could not be posted yet, and return the token that finds it."""
    forget_expired()
    draft = CommentDraft(token=secrets.token_urlsafe(32), review_id=review.id,
                         parent_id=parent_id, body=body)
    db.session.add(draft)
    db.session.commit()
    return draft.token


def find(token: str | None, review: Review) -> CommentDraft | None:
    """The draft kept for this review under ``token``, until it expires (reloads show it too)."""
    if not token or len(token) > 64:
        return None
    draft = db.session.get(CommentDraft, token)
    if draft is None or draft.review_id != review.id or draft.created_at < utcnow() - KEPT_FOR:
        return None
    return draft
