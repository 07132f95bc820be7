"""Logins kept server-side: each sign-in is a row whose token the cookies carry, so signing out
(here, everywhere, or by a password change, reset or ban) ends it wherever the cookies went."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import ServiceUnavailable

from blog.extensions import db
from blog.models import LoginSession, User, utcnow


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256, so the table cannot be used to sign in."""
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime(remember: bool) -> timedelta:
    """How long a login lasts at most: the remember-me cookie's life, or LOGIN_MAX_AGE."""
    value = current_app.config["REMEMBER_COOKIE_DURATION" if remember else "LOGIN_MAX_AGE"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def start(user: User, remember: bool = False) -> User:
    """Record a new login for ``user`` and give the object its token; expired logins go."""
    now = utcnow()
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id,
                                                     LoginSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    db.session.add(LoginSession(user_id=user.id, token_hash=token_hash(token),
                                remember=remember, created_at=now,
                                expires_at=now + lifetime(remember)))
    db.session.commit()
    user.login_token = token
    return user


def end_all(user: User, keep: str | None = None) -> None:
    """End every login of ``user`` but the one with token ``keep`` (the caller commits)."""
    query = sa.delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        query = query.where(LoginSession.token_hash != token_hash(keep))
    db.session.execute(query)


def sign_in(user: User, remember: bool = False) -> None:
    """Sign this browser in as ``user`` with a login of its own."""
    login_user(start(user, remember), remember=remember)


def end(user: User, token: str) -> None:
    """End the one login of ``user`` with this token (the caller commits)."""
    db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == user.id,
                                                     LoginSession.token_hash == token_hash(token)))


def sign_out(everywhere: bool = False) -> None:
    """End this browser's login (or all of the user's logins) and forget it here."""
    user = current_user._get_current_object()
    if user.is_authenticated:
        if everywhere:
            end_all(user)
        else:
            end(user, user.login_token or "")
        db.session.commit()
    logout_user()


class DatabaseBusy(ServiceUnavailable):
    """The database could not say who is signed in (locked past the busy timeout, or down)."""

    def __init__(self):
        super().__init__(retry_after=5)


def who_is_signed_in() -> None:
    """Load the signed-in user now (``load_user`` runs only when the session names one)."""
    current_user._get_current_object()


# The user of an open login. Built once: it runs on every signed-in request, and building the
# statement cost more than running it.
SIGNED_IN = (sa.select(User).join(LoginSession, LoginSession.user_id == User.id)
             .where(User.id == sa.bindparam("user_id"),
                    LoginSession.token_hash == sa.bindparam("token_hash"),
                    LoginSession.expires_at > sa.bindparam("now")))


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the user whose login with this token is still open."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    try:
        user = db.session.scalar(SIGNED_IN, {"user_id": int(user_id),
                                             "token_hash": token_hash(token), "now": utcnow()})
    except SQLAlchemyError as error:
        db.session.rollback()
        # The first lookup of a request answers 503: treating a busy or broken database as
        # "signed out" would send a reader's comment to the login page. The error page that
        # follows looks again, finds the flag and renders for a signed-out visitor.
        if g.get("login_lookup_failed"):
            return None
        g.login_lookup_failed = True
        raise DatabaseBusy() from error
    if user is not None:
        user.login_token = token
    return user
