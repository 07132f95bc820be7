"""What authors say about themselves: the bio shown on their author page and the about page."""
from __future__ import annotations

from typing import IO
from urllib.parse import urlsplit

from blog.extensions import db
from blog.models import User
from blog.services import images
from blog.services.errors import NotAnAuthor, ProfileError, rolls_back

BIO_MAX = 1000
LINKS_MAX = 5
LINK_MAX = 300


@rolls_back
def change_bio(user: User, text: str, links: str = "", portrait: IO[bytes] | None = None,
               remove_portrait: bool = False) -> None:
    """Save an author's bio (plain text), links and portrait; only authors have them."""
    if not user.is_author or user.is_banned:
        raise NotAnAuthor("Only authors have a bio on the site.", field=None)
    bio = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(bio) > BIO_MAX:
        raise ProfileError(f"Keep it to {BIO_MAX} characters.", field="bio")
    user.bio, user.links = bio, "\n".join(clean_links(links))
    if portrait is not None:
        try:
            stored = images.store_portrait(portrait, user.username)
        except images.ImageRejected as error:
            raise ProfileError(str(error), field="portrait") from None
        user.portrait_path = stored.path
    elif remove_portrait:
        user.portrait_path = ""
    db.session.commit()


def clean_links(text: str) -> list[str]:
    """The links typed one a line: web addresses only, a few of them, repeats dropped."""
    links: list[str] = []
    for line in (text or "").splitlines():
        link = line.strip()
        if not link or link in links:
            continue
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.hostname or len(link) > LINK_MAX:
            raise ProfileError(f"“{link[:60]}” is not a web address (https://…) of at most "
                               f"{LINK_MAX} characters.", field="links")
        links.append(link)
    if len(links) > LINKS_MAX:
        raise ProfileError(f"Give at most {LINKS_MAX} links.", field="links")
    return links
