"""What authors say about themselves: the bio shown on their author page and the about page."""
from __future__ import annotations

from blog.extensions import db
from blog.models import User
from blog.services import DomainError

BIO_MAX = 1000


class ProfileError(DomainError):
    """A profile change that cannot be made; ``status`` is the HTTP answer."""


class NotAnAuthor(ProfileError):
    """Readers have no public profile to change."""

    status = 403


def change_bio(user: User, text: str) -> None:
    """Save an author's bio as plain text (trimmed, Unix line ends); only authors have one."""
    if not user.is_author or user.is_banned:
        raise NotAnAuthor("Only authors have a bio on the site.", field=None)
    bio = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(bio) > BIO_MAX:
        raise ProfileError(f"Keep it to {BIO_MAX} characters.", field="bio")
    user.bio = bio
    db.session.commit()
