"""WordPress authors as accounts here: mapped with --author, found from an earlier import, or
created as authors who cannot log in until they ask for a password reset."""
from __future__ import annotations

import re

import sqlalchemy as sa

from blog.extensions import db
from blog.models import Role, User
from blog.services.identity import DISPLAY_NAME_MAX, USERNAME_PATTERN, AccountError, normalize_email
from blog.wordpress.wxr import WxrAuthor

# WordPress logins are letters, digits, space and _ . - @ ; anything else is damage.
LOGIN_CHARACTERS = re.compile(r"[^A-Za-z0-9 _.@-]")
# No password hash starts like this, so no password ever matches: the account is claimed
# through a password reset sent to its address.
UNUSABLE_PASSWORD = "!imported-from-wordpress"
PLACEHOLDER_DOMAIN = "wordpress-import.invalid"


def clean_login(raw: str) -> str:
    """A ``dc:creator`` without the characters no WordPress login has ("themereviewteam>")."""
    return LOGIN_CHARACTERS.sub("", raw or "").strip()


def username_for(login: str) -> str:
    """A username following this site's rules, made from a WordPress login."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", login).strip("-_")[:30]
    return name if USERNAME_PATTERN.fullmatch(name) else (name + "-wp")[:30].ljust(3, "x")


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username_key == username.casefold()))


def free_username(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever no account has."""
    candidate, number = base, 2
    while find_user(candidate) is not None or any(
            isinstance(obj, User) and obj.username_key == candidate.casefold()
            for obj in db.session.new):
        suffix = f"-{number}"
        candidate, number = base[:30 - len(suffix)] + suffix, number + 1
    return candidate


def free_email(email: str, username: str) -> str:
    """The author's address when no account has it, else a placeholder nobody can receive."""
    try:
        email = normalize_email(email) if email else ""
    except AccountError:
        email = ""
    taken = email and db.session.scalar(sa.select(User.id).where(User.email == email))
    return email if email and not taken else f"{username.lower()}@{PLACEHOLDER_DOMAIN}"


def create_author(author: WxrAuthor) -> User:
    """A new author account for a WordPress author, with no usable password."""
    username = free_username(username_for(author.login))
    display = " ".join((author.display_name or "").split())[:DISPLAY_NAME_MAX]
    user = User(username=username, username_key=username.casefold(),
                email=free_email(author.email, username), role=Role.AUTHOR,
                display_name=display if display != username else "",
                password_hash=UNUSABLE_PASSWORD)
    db.session.add(user)
    return user
