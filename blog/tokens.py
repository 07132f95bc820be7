"""Signed, expiring tokens for links in emails and for form timing, via itsdangerous."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from blog.extensions import cache


class InvalidToken(Exception):
    """The token was tampered with, made for another purpose, or has expired."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt: a token made to confirm an email cannot reset a password.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"blog:{purpose}")


def make_token(purpose: str, data: Any) -> str:
    """Sign ``data`` (anything JSON can hold) for one purpose."""
    return _serializer(purpose).dumps(data)


def read_token(purpose: str, token: str, max_age: int | None = None) -> Any:
    """The data signed in ``token`` for ``purpose``, if it is no older than ``max_age`` seconds."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidToken("This link has expired.") from error
    except BadSignature as error:
        raise InvalidToken("This link is not valid.") from error


def token_age(purpose: str, token: str, max_age: int | None = None) -> tuple[Any, float]:
    """The signed data and how many seconds ago it was signed (for minimum-time checks)."""
    try:
        data, signed_at = _serializer(purpose).loads(token, max_age=max_age,
                                                     return_timestamp=True)
    except BadSignature as error:  # SignatureExpired included
        raise InvalidToken("This form is not valid.") from error
    return data, (datetime.now(timezone.utc) - signed_at).total_seconds()


def spend_token(purpose: str, token: str, max_age: int) -> None:
    """Accept a form token once: a second use within ``max_age`` seconds is InvalidToken.

    Spent tokens live in the shared cache (Redis when configured, so every worker sees them)
    for as long as the token itself is valid.
    """
    key = f"spent-token/{purpose}/" + hashlib.sha256(token.encode()).hexdigest()
    if not cache.add(key, 1, timeout=max_age + 60):
        raise InvalidToken("This form has already been sent.")
