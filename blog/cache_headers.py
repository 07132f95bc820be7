"""Cache-Control on every page: public pages for shared caches, signed-in pages for no one.

A page may be kept by a proxy or CDN only when it is the same for every anonymous reader: the
request carried no signed-in user and the response sets no cookie. Anything else a browser sees
while signed in (or that hands out a form token) is ``private, no-store``.
"""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

PUBLIC_STATUSES = frozenset({200, 301, 308, 404, 410})


def cache_control(response):
    """Set Cache-Control on a response that has not set its own."""
    if "Cache-Control" in response.headers:
        return response
    if (session.modified or response.headers.getlist("Set-Cookie")
            or current_user.is_authenticated):
        response.headers["Cache-Control"] = "private, no-store"
    elif request.method in ("GET", "HEAD") and response.status_code in PUBLIC_STATUSES:
        config = current_app.config
        response.headers["Cache-Control"] = (
            f"public, max-age={config['PUBLIC_CACHE_MAX_AGE']}, "
            f"stale-while-revalidate={config['PUBLIC_CACHE_STALE_WHILE_REVALIDATE']}")
    return response


def init_app(app):
    """Add Cache-Control to every response."""
    app.after_request(cache_control)
