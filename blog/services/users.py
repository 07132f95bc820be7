"""Accounts: creating users, checking credentials, and loading the signed-in user."""
from __future__ import annotations

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import SQLAlchemyError

from blog.extensions import db, login_manager
from blog.models import Role, User, utcnow
from blog.services import DomainError

MIN_PASSWORD_LENGTH = 8


class AccountError(DomainError):
    """An account could not be created or changed as asked."""


def normalize_email(email: str) -> str:
    """Validate an email address's syntax and return its normalized, lower-cased form."""
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(str(error)) from error
    return result.normalized.lower()


def find_by_login(login: str) -> User | None:
    """The user whose username (any case) or email matches ``login``."""
    login = login.strip()
    condition = (User.email == login.lower()) if "@" in login else (
        User.username_key == login.casefold())
    return db.session.scalar(sa.select(User).where(condition))


def authenticate(login: str, password: str) -> User | None:
    """The user if the password is right, else None — the same answer whether or not they exist."""
    user = find_by_login(login)
    if user is None:
        # Spend the same time hashing so a missing account cannot be told apart by timing.
        User(password_hash="").set_password(password)
        return None
    return user if user.check_password(password) else None


def create_user(username: str, email: str, password: str, role: Role = Role.COMMENTER,
                display_name: str = "", confirmed: bool = False) -> User:
    """Add a user with a hashed password; raise AccountError if the name or email is taken."""
    username = username.strip()
    if not username:
        raise AccountError("A username is required.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    email = normalize_email(email)
    taken = db.session.scalar(sa.select(User).where(
        sa.or_(User.username_key == username.casefold(), User.email == email)))
    if taken is not None:
        raise AccountError("That username or email address is already registered.")
    user = User(username=username, username_key=username.casefold(), email=email, role=role,
                display_name=display_name, email_confirmed_at=utcnow() if confirmed else None)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: the id and session version must both still match."""
    user_id, _, version = session_id.partition(":")
    try:
        user = db.session.get(User, int(user_id))
    except (ValueError, SQLAlchemyError):
        # A broken database must not stop error pages from rendering: treat as signed out.
        db.session.rollback()
        return None
    if user is None or str(user.session_version) != version:
        return None
    return user


def find_author(username: str) -> User | None:
    """The author or admin with this username (any case), whose page and feed are public."""
    return db.session.scalar(sa.select(User).where(
        User.username_key == username.casefold(), User.role.in_([Role.AUTHOR, Role.ADMIN])))
