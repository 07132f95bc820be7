"""Old WordPress addresses answering 301 to where the same thing lives now.

Only requests nothing else answered are looked up (a 404, or the home page asked for
``?p=ID`` / ``?page_id=ID``), and only while the table has rows: a site that never imported
pays one cached check per 404, nothing per page.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import redirect, request, url_for
from werkzeug.exceptions import NotFound

from blog.extensions import cache, db
from blog.generations import CONTENT
from blog.models import LegacyPath

# Under the generation a committed import moves on (``generations.CONTENT``), so an import
# run by another process reaches this one too (``blog.cache_stamp``).
ANY_KEY = "legacy-paths/any/{generation}"
ANY_SECONDS = 300


def forget_legacy_paths() -> None:
    """After an import: the next lookup checks the table again."""
    cache.delete(ANY_KEY.format(generation=CONTENT.current()))


def has_legacy_paths() -> bool:
    """Whether any old address is stored (cached for a few minutes)."""
    key = ANY_KEY.format(generation=CONTENT.current())
    known = cache.get(key)
    if known is None:
        known = db.session.scalar(sa.select(LegacyPath.id).limit(1)) is not None
        cache.set(key, known, timeout=ANY_SECONDS)
    return known


def request_key() -> str:
    """The stored form of the requested address: no trailing slash, or "/?p=ID"."""
    path = request.path.rstrip("/") or "/"
    if path == "/":
        for name in ("p", "page_id"):
            value = request.args.get(name, "")
            if value.isdigit():
                return f"/?{name}={int(value)}"
    return path


def destination(key: str) -> str | None:
    """Where an old address answers now, or None."""
    if not has_legacy_paths():
        return None
    row = db.session.scalar(sa.select(LegacyPath).where(LegacyPath.path == key))
    if row is None:
        return None
    if row.review is not None:
        return url_for("reading.show_review", slug=row.review.slug)
    if row.tag is not None:
        return url_for("tags.show_tag", slug=row.tag.slug)
    return url_for(row.endpoint) if row.endpoint else None


def init_app(app):
    """Look old addresses up on 404s and on the home page asked for a WordPress post id."""
    from blog.errors import render_error

    @app.before_request
    def old_post_ids():
        if request.path == "/" and request.method in ("GET", "HEAD") and (
                "p" in request.args or "page_id" in request.args):
            target = destination(request_key())
            if target:
                return redirect(target, 301)
        return None

    @app.errorhandler(NotFound)
    def old_address_or_404(error):
        if request.method in ("GET", "HEAD"):
            try:
                target = destination(request_key())
            except sa.exc.SQLAlchemyError:
                db.session.rollback()
                target = None  # the 404 page still renders with the database down
            if target:
                return redirect(target, 301)
        return render_error(error)
