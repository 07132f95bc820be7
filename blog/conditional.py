"""Conditional GET for every public page and feed: one helper adds the validators and the 304.

The ETag is a hash of the bytes sent, so it changes whenever anything the page shows changes;
Last-Modified is the newest time among what the page shows (reviews, comments), for clients
that only send If-Modified-Since. Werkzeug parses both request headers and ignores malformed ones.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Iterable

from flask import make_response, request
from flask_login import current_user


def newest(*moments: datetime | None) -> datetime | None:
    """The latest of the given times, skipping missing ones (None when there are none)."""
    present = [moment for moment in moments if moment is not None]
    return max(present, default=None)


def comment_moments(comments) -> list[datetime | None]:
    """When each comment was written, edited, and first shown (approved after being held)."""
    return [moment for comment in comments
            for moment in (comment.created_at, comment.edited_at, comment.notified_at)]


def conditional_response(body, moments: Iterable[datetime | None] = (), status: int = 200,
                         mimetype: str | None = None, public_only: bool = True):
    """A response for ``body`` with an ETag and Last-Modified, answered 304 when unchanged.

    With ``public_only`` (HTML pages) a signed-in reader's page gets no validators: it is
    private and carries per-session tokens.
    """
    response = make_response(body, status)
    if mimetype:
        response.mimetype = mimetype
    if (status != 200 or request.method not in ("GET", "HEAD")
            or (public_only and current_user.is_authenticated)):
        return response
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:40])
    last_modified = newest(*moments)
    if last_modified is not None:
        response.last_modified = last_modified
    return response.make_conditional(request)
