"""Forms refused for their CSRF token come back with what was typed and "please send it again".

Flask-WTF refuses a POST whose token is missing or no longer matches the session (the session
cookie was dropped and "remember me" signed the reader in again, say) before the view runs. For
the forms people write in, the error handler asks the function registered here for the view's
endpoint to show the form again, filled from the request and with a fresh token, answering 400.
A renderer only ever shows a page: it never calls a service, so nothing is done without a token.
It checks what the view and its blueprint would check first (signed in, allowed, found), since
the blueprint's own ``before_request`` hooks have not run either.
"""
from __future__ import annotations

from typing import Callable

from flask import request

RESEND_MESSAGE = ("Nothing was saved: the page had been open too long or your sign-in changed "
                  "meanwhile. Everything you typed is below; please send it again.")

_renderers: dict[str, Callable] = {}


def renders_again(*endpoints: str):
    """Register the decorated function as the way to show these endpoints' forms again."""

    def register(func: Callable) -> Callable:
        for endpoint in endpoints:
            _renderers[endpoint] = func
        return func

    return register


def form_again():
    """The registered renderer's answer for this request's endpoint, or None if it has none."""
    renderer = _renderers.get(request.endpoint or "")
    if renderer is None or request.method != "POST":
        return None
    return renderer(**(request.view_args or {}))  # a refusal's 403 or 404 is raised to the caller
