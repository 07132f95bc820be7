"""Accounts: creating users and checking credentials."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from blog.extensions import db
from blog.models import Role, User, utcnow
from blog.services.errors import AccountConflict, AccountError, rolls_back
from blog.services.identity import (check_display_name, check_new_password, check_username,
                                    clean_email, normalize_email)


def find_by_login(login: str) -> User | None:
    """The user whose username (any case) or email matches ``login``."""
    login = login.strip()
    if "@" not in login:
        return db.session.scalar(sa.select(User).where(User.username_key == login.casefold()))
    try:
        email = normalize_email(login)
    except AccountError:
        email = login.lower()
    return db.session.scalar(sa.select(User).where(User.email == email))


def authenticate(login: str, password: str) -> User | None:
    """The user if the password is right, else None — the same answer whether or not they exist."""
    user = find_by_login(login)
    if user is None:
        # Spend the same time hashing so a missing account cannot be told apart by timing.
        User(password_hash="").set_password(password)
        return None
    return user if user.check_password(password) else None


def new_user(username: str, email: str, password: str, role: Role = Role.COMMENTER,
             display_name: str = "", confirmed: bool = False) -> User:
    """Check every rule for a new account and add it to the session, uncommitted.

    The username must be free (usernames are public); a taken email address is the caller's
    to handle, since registration must not tell whether an address is known.
    """
    username = check_username(username, role)
    email = clean_email(email)
    check_new_password(password, user_inputs=(username, email, display_name))
    display_name = check_display_name(display_name, role)
    if db.session.scalar(sa.select(User.id).where(
            User.username_key == username.casefold())) is not None:
        raise AccountConflict("That username is taken. Please choose another.", "username")
    user = User(username=username, username_key=username.casefold(), email=email, role=role,
                display_name=display_name, email_confirmed_at=utcnow() if confirmed else None)
    user.set_password(password)
    db.session.add(user)
    return user


def email_in_use(email: str) -> User | None:
    """The account that uses this (normalized) address, if any."""
    return db.session.scalar(sa.select(User).where(User.email == email))


@rolls_back
def create_user(username: str, email: str, password: str, role: Role = Role.COMMENTER,
                display_name: str = "", confirmed: bool = False) -> User:
    """Add a user through the same rules as registration; FieldError if one is broken."""
    if email_in_use(clean_email(email)) is not None:
        raise AccountConflict("That email address is already registered.", "email")
    user = new_user(username, email, password, role, display_name, confirmed)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AccountConflict("That username or email address is already "
                              "registered.") from error
    return user


def find_author(username: str) -> User | None:
    """The author or admin with this username (any case), whose page and feed are public."""
    return db.session.scalar(sa.select(User).where(
        User.username_key == username.casefold(), User.role.in_([Role.AUTHOR, Role.ADMIN])))
