"""Hardening for every request: the host and proxy checks, banned accounts refused up front,
response headers, and the same-site check for redirects."""
from urllib.parse import urlsplit

from flask import current_app, request
from flask_login import current_user
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

from blog import cache_headers
from blog.hosts import accepted_hosts
from blog.web import forbidden

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    # The only outside content: a trailer, and only after the reader clicks to load it.
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def is_safe_path(target: str | None) -> bool:
    """Whether ``target`` is a path on this site, safe to redirect to after login."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def refuse_unknown_hosts():
    """Answer 400 to a request for another host name, before it can reach a redirect."""
    if not host_is_trusted(request.host, accepted_hosts(current_app.config)):
        from blog import errors

        return errors.render_error(BadRequest(), "This site does not answer to that name.")
    return None


class TrustedProxies:
    """WSGI middleware: trust X-Forwarded-For/-Proto from ``TRUSTED_PROXIES`` hops (read per
    request, so tests and config reloads see the current value); with 0, trust nothing."""

    def __init__(self, app):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self.fixes: dict[int, ProxyFix] = {}

    def __call__(self, environ, start_response):
        hops = int(self.app.config.get("TRUSTED_PROXIES") or 0)
        if hops <= 0:
            return self.wsgi_app(environ, start_response)
        if hops not in self.fixes:
            self.fixes[hops] = ProxyFix(self.wsgi_app, x_for=hops, x_proto=hops)
        return self.fixes[hops](environ, start_response)


def closed_to_banned(view):
    """Mark a view that banned accounts may not use (a blueprint can set the same attribute)."""
    view.closed_to_banned = True
    return view


def refuse_banned_accounts():
    """Answer 403 to a banned account on a closed view, before any form or token is checked."""
    view = current_app.view_functions.get(request.endpoint)
    blueprint = current_app.blueprints.get(request.blueprint or "")
    closed = getattr(view, "closed_to_banned", False) or getattr(blueprint, "closed_to_banned",
                                                                 False)
    if closed and current_user.is_authenticated and current_user.is_banned:
        return forbidden("Your account is banned, so it cannot do that.")
    return None


def init_app(app):
    """Check hosts and banned accounts first, and add the security headers to every response."""
    # First in line, ahead of the CSRF check: an unknown host is refused before anything else,
    # and a banned account hears "banned" (403), not "send the form again" (400).
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_banned_accounts)
    app.before_request_funcs[None].insert(0, refuse_unknown_hosts)
    # The client's address (for rate limits) and scheme, as the trusted proxies report them.
    app.wsgi_app = TrustedProxies(app)
    cache_headers.init_app(app)

    @app.after_request
    def add_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
