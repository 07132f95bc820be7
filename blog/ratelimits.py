"""Rate limits checked inside form views, so a limited request re-renders its form, text kept.

Flask-Limiter's decorators answer before the view runs, which would throw away what the user
typed; these helpers use the same limiter storage (memory, or Redis with REDIS_URL) from inside
the view instead.
"""
from __future__ import annotations

import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

from blog.extensions import limiter


class RateLimited(Exception):
    """Too many attempts; ``retry_after`` says how many seconds to wait."""

    def __init__(self, retry_after: int):
        super().__init__(f"Too many attempts. Please try again in {retry_after} seconds.")
        self.retry_after = retry_after


def check(setting: str, scope: str, identity: str | None = None) -> None:
    """Count one attempt against the limit in config[setting]; raise RateLimited when over.

    ``identity`` defaults to the client's address; pass a user id for per-account limits.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    item = parse(current_app.config[setting])
    key = (scope, identity or get_remote_address())
    if limiter.limiter.hit(item, *key):
        return
    reset_at = limiter.limiter.get_window_stats(item, *key).reset_time
    raise RateLimited(max(1, math.ceil(reset_at - time.time())))


def retry_headers(error: RateLimited) -> dict[str, str]:
    """The Retry-After header for a 429 answer."""
    return {"Retry-After": str(error.retry_after)}
