"""Whole pages for anonymous readers, kept in the shared cache and dropped when content changes.

A reader who sends no session or remember-me cookie sees the same page as every other such
reader, so the first answer to a GET of a public page is stored (in process memory, or in Redis
when ``REDIS_URL`` is set, through Flask-Caching) and served to the next ones without touching
the database. Signed-in readers, and anyone who holds a session cookie, always get a fresh page.

Invalidation is by generation: every stored page carries the generation it was made in, and
any committed change to what pages show (reviews, films, people, credits, tags, comments, the
public side of users) moves the generation on, so the next request renders afresh. A
scheduled review comes into view with no write at all, so a page is never kept past the next
scheduled publication time.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_login import COOKIE_NAME
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from blog.extensions import cache, db

GENERATION_KEY = "pages/generation"
PAGE_KEY = "pages/page:"

# Pages worth keeping: public, the same for every anonymous reader, read far more than written.
ENDPOINTS = frozenset({
    "reading.home", "reading.show_review", "reading.show_person", "reading.show_author",
    "reading.archive", "reading.about", "reading.privacy", "tags.index", "tags.show_tag",
    "feeds.review_comments", "feeds.site", "feeds.site_comments", "feeds.tag", "feeds.person",
    "feeds.author", "catalogue.browse", "lists.index", "lists.show_list", "lists.feed",
    "lists.list_feed",
})
# Query arguments that change what those pages show; a request with any other is not cached,
# so made-up arguments cannot fill the cache with copies.
ARGUMENTS = frozenset({"page", "order"})
# Pages that take more arguments, each possibly repeated (the catalogue's filters). Their key
# holds each argument's values sorted and without repeats, so the same selection in another
# order is one page; a view calls ``do_not_store`` when a value matched nothing it knows, so
# made-up values are answered but never kept.
ENDPOINT_ARGUMENTS = {
    "catalogue.browse": frozenset({"genre", "decade", "person", "country", "language",
                                   "rating", "runtime", "service", "region", "sort"}),
}
MAX_KEY_VALUES = 24
MAX_VALUE_LENGTH = 80
# Every table is one or the other (a test holds new tables to a decision). Writing a private
# table leaves stored pages as they are; any other write drops them.
PUBLIC_TABLES = frozenset({"reviews", "films", "people", "credits", "watch_options", "tags",
                           "review_tags", "comments", "users", "review_slug_redirects",
                           "tag_slug_redirects", "search_documents", "site_pages",
                           "film_lists", "list_entries"})
PRIVATE_TABLES = frozenset({"comment_reports", "review_revisions", "login_sessions", "outbox",
                            "comment_drafts"})
# Of a user, pages show only these (bylines, comment authors, author pages).
PUBLIC_USER_FIELDS = frozenset({"username", "display_name", "bio", "links", "portrait_path",
                                "role", "is_banned"})
# Collections that a change to a private row touches on its public parent (a report is added
# to its comment's reports), which change nothing a reader sees.
PRIVATE_RELATIONSHIPS = frozenset({"reports", "revisions"})
# Headers a stored page keeps; the security and cache headers are added again on every answer.
KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Link")


@dataclass(frozen=True)
class StoredPage:
    generation: str | None
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def init_app(app) -> None:
    """Serve stored pages before the view runs, and store fresh ones after it."""
    app.before_request(serve_stored_page)
    app.after_request(store_page)


def enabled() -> bool:
    return (current_app.config["PAGE_CACHE_SECONDS"] > 0
            and current_app.config["CACHE_TYPE"] != "NullCache")


def cache_key() -> str | None:
    """The key of this request's page, or None when the request must not use the cache."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in ENDPOINTS:
        return None
    signed = {current_app.config["SESSION_COOKIE_NAME"],
              current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)}
    if signed & request.cookies.keys():
        return None
    repeated = ENDPOINT_ARGUMENTS.get(request.endpoint, frozenset())
    if not request.args.keys() <= ARGUMENTS | repeated:
        return None
    pairs = []
    for name in sorted(request.args):
        values = (sorted(set(request.args.getlist(name))) if name in repeated
                  else [request.args[name]])
        pairs += [(name, value) for value in values]
    if len(pairs) > MAX_KEY_VALUES or any(len(value) > MAX_VALUE_LENGTH for _, value in pairs):
        return None
    return f"{PAGE_KEY}{request.path}?{urlencode(pairs)}"


def do_not_store() -> None:
    """Answer this request without keeping its page (its arguments named something unknown)."""
    g.page_cache_refused = True


def new_generation() -> str:
    """A generation no page was stored under: a fresh random token, not a counter, so that two
    writers moving it on at once can never land on a value a reader already rendered with."""
    return secrets.token_hex(8)


def serve_stored_page():
    """Answer from the cache when this anonymous request's page is stored and current."""
    if not enabled() or (key := cache_key()) is None:
        return None
    g.page_cache_key = key
    current, stored = cache.get_many(GENERATION_KEY, key)
    g.page_generation = current
    if not isinstance(stored, StoredPage) or stored.generation != g.page_generation:
        return None
    g.page_cache_hit = True
    response = Response(stored.body, stored.status, stored.headers)
    response.headers["X-Page-Cache"] = "hit"
    return response.make_conditional(request)


def store_page(response):
    """Keep a fresh anonymous page: a 200 that sets no cookie, for its remaining lifetime."""
    key = g.get("page_cache_key")
    if key is None or g.get("page_cache_hit") or g.get("page_cache_refused"):
        return response
    # The session cookie is written after these hooks run: a changed session means one is coming.
    if (response.status_code != 200 or response.direct_passthrough or session.modified
            or "Set-Cookie" in response.headers):
        return response
    lifetime = seconds_to_keep()
    if lifetime > 0:
        headers = [(name, value) for name, value in response.headers if name in KEPT_HEADERS]
        page = StoredPage(g.page_generation, 200, headers, response.get_data())
        cache.set(key, page, timeout=lifetime)
    response.headers["X-Page-Cache"] = "miss"
    return response


def seconds_to_keep() -> int:
    """The configured lifetime, cut short by the next scheduled review's publication."""
    from blog.models import Review, ReviewStatus, utcnow

    lifetime = current_app.config["PAGE_CACHE_SECONDS"]
    now = utcnow()
    upcoming: datetime | None = db.session.scalar(
        sa.select(sa.func.min(Review.published_at))
        .where(Review.status == ReviewStatus.PUBLISHED, Review.published_at > now))
    if upcoming is not None:
        lifetime = min(lifetime, int((upcoming - now).total_seconds()))
    return lifetime


def forget_pages() -> None:
    """Move the generation on, so every stored page is rendered afresh on its next request."""
    if enabled():
        cache.set(GENERATION_KEY, new_generation(), timeout=0)


def changes_pages(obj, how: str) -> bool:
    """Whether a row that is ``new``, ``dirty`` or ``deleted`` is something public pages show."""
    table = getattr(obj, "__tablename__", None)
    if table is None or table in PRIVATE_TABLES:
        return False
    if how == "new":
        return table != "users"  # a new account shows nowhere until it writes something
    if how == "deleted":
        return True
    changed = {attr.key for attr in sa.inspect(obj).attrs if attr.history.has_changes()}
    if table == "users":
        return bool(changed & PUBLIC_USER_FIELDS)
    return bool(changed - PRIVATE_RELATIONSHIPS)


@event.listens_for(Session, "before_flush")
def note_page_changes(session, _flush_context, _instances) -> None:
    if (any(changes_pages(obj, "new") for obj in session.new)
            or any(changes_pages(obj, "dirty") for obj in session.dirty)
            or any(changes_pages(obj, "deleted") for obj in session.deleted)):
        session.info["pages_changed"] = True


@event.listens_for(Session, "do_orm_execute")
def note_bulk_page_changes(state) -> None:
    """Bulk UPDATE and DELETE statements skip the flush; note them by the table they touch."""
    if not (state.is_update or state.is_delete):
        return
    tables = {table.name for table in state.statement.get_final_froms()} if hasattr(
        state.statement, "get_final_froms") else set()
    table = getattr(state.statement, "table", None)
    if table is not None:
        tables.add(table.name)
    if not tables or tables - PRIVATE_TABLES:
        state.session.info["pages_changed"] = True


@event.listens_for(Session, "after_commit")
def drop_changed_pages(session) -> None:
    if session.info.pop("pages_changed", False):
        forget_pages()


@event.listens_for(Session, "after_soft_rollback")
def keep_pages_after_rollback(session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop("pages_changed", None)
