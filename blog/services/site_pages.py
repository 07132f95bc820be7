"""Pages whose text admins write in the studio instead of a template: the about page."""
from __future__ import annotations

from blog import sanitize
from blog.extensions import db
from blog.models import SitePage, User, utcnow
from blog.services.errors import NotAllowed, PageError, rolls_back

EDITABLE = ("about",)
BODY_MAX = 20_000


def find(name: str) -> SitePage | None:
    """The stored text of a page, or None while the template's default text stands."""
    return db.session.get(SitePage, name)


@rolls_back
def save(name: str, user: User, source: str) -> SitePage:
    """Store an admin's Markdown for a page, rendered and sanitized once, now."""
    if not user.is_admin or user.is_banned:
        raise NotAllowed("Only admins edit the site's pages.", field=None)
    if name not in EDITABLE:
        raise PageError("There is no such page to edit.", field=None)
    source = (source or "").replace("\r\n", "\n").strip()
    if len(source) > BODY_MAX:
        raise PageError(f"Keep the page to {BODY_MAX:,} characters.", field="body")
    page = find(name) or SitePage(name=name)
    page.body, page.body_html = source, sanitize.render_markdown(source)
    page.updated_at, page.updated_by_id = utcnow(), user.id
    db.session.add(page)
    db.session.commit()
    return page


@rolls_back
def reset(name: str, user: User) -> None:
    """Go back to the template's default text."""
    if not user.is_admin or user.is_banned:
        raise NotAllowed("Only admins edit the site's pages.", field=None)
    page = find(name)
    if page is not None:
        db.session.delete(page)
        db.session.commit()
