"""Logins kept server-side: each sign-in is a row whose token the cookies carry, so signing out
(here, everywhere, or by a password change, reset or ban) ends it wherever the cookies went."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

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


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the user whose login with this token is still open."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    try:
        user = db.session.scalar(
            sa.select(User).join(LoginSession, LoginSession.user_id == User.id)
            .where(User.id == int(user_id), LoginSession.token_hash == token_hash(token),
                   LoginSession.expires_at > utcnow()))
    except SQLAlchemyError:
        # A broken database must not stop error pages from rendering: treat as signed out.
        db.session.rollback()
        return None
    if user is not None:
        user.login_token = token
    return user
