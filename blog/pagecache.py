"""Whole pages for anonymous readers, kept in the shared cache and dropped when content changes.

A reader who sends no session or remember-me cookie sees the same page as every other such
reader, so the first answer to a GET of a public page is stored (in process memory, or in Redis
when ``REDIS_URL`` is set, through Flask-Caching) and served to the next ones without touching
the database. Signed-in readers, and anyone who holds a session cookie, always get a fresh page.

Invalidation is by generation: every stored page carries the generations it was made in, and
any committed change to what pages show (reviews, films, people, credits, tags, the public
side of users) moves the site's generation on, so the next request renders afresh. Readers'
activity (comments, readers' ratings) moves narrower generations instead (``blog.activity``):
the review's own and the listing pages'. A scheduled review comes into view with no write at
all, so a page is never kept past the next scheduled publication time.

A stored page is answered by a WSGI middleware in front of Flask (``StoredPages``), before any
session, sign-in, routing or database work: the entry holds the finished headers and the body
already compressed in every encoding the site offers, so a hit only picks one and sends it.
"""
from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass, field
from urllib.parse import urlencode

import brotli
import sqlalchemy as sa
from flask import current_app, g, request, session
from flask_login import COOKIE_NAME
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.http import parse_accept_header, parse_cookie
from werkzeug.wrappers import Request, Response

from blog import activity, fragments
from blog.extensions import cache
from blog.hosts import accepted_hosts
from blog.generations import Generation, catch_up, current_tokens

GENERATION = Generation("pages/generation")
GENERATION_KEY = GENERATION.key
# Versioned: entries stored by an older release have another shape, and are never read.
# The release (``blog.release``) too: a page rendered by other code or settings is never read.
PAGE_KEY = "pages/v3/{release}/page:"

# Pages worth keeping: public, the same for every anonymous reader, read far more than written.
ENDPOINTS = frozenset({
    "reading.home", "reading.show_review", "reading.show_person", "reading.show_author",
    "reading.archive", "reading.about", "reading.privacy", "tags.index", "tags.show_tag",
    "feeds.review_comments", "feeds.site", "feeds.site_comments", "feeds.tag", "feeds.person",
    "feeds.author", "year.show_year", "catalogue.browse", "lists.index", "lists.show_list",
    "lists.feed", "lists.list_feed", "search.search",
})
# Query arguments that change what those pages show; a request with any other is not cached,
# so made-up arguments cannot fill the cache with copies.
ARGUMENTS = frozenset({"page", "order"})
# Pages that take more arguments (the catalogue's filters and order), by endpoint: each
# argument named here may be repeated, and is keyed by its values sorted and without
# repeats, so the same selection in another order is one page; ``sort`` is taken once, like
# ``page`` (an argument that may not repeat and does is not kept: the view reads its first
# value, which a sorted key would lose). A view calls ``do_not_store`` when a value matched
# nothing it knows, so made-up values are answered but never kept.
ENDPOINT_ARGUMENTS = {
    "catalogue.browse": frozenset({"genre", "decade", "person", "country", "language",
                                   "rating", "readers", "runtime", "service", "region"}),
}
# Search keeps a page per query (up to MAX_VALUE_LENGTH characters, as every value): the
# same few words are searched again and again, and each search ranks every match.
ENDPOINT_SINGLE_ARGUMENTS = {"catalogue.browse": frozenset({"sort"}),
                             "search.search": frozenset({"q"})}
MAX_KEY_VALUES = 24
MAX_VALUE_LENGTH = 80
# Every table is one or the other (a test holds new tables to a decision). Writing a private
# table leaves stored pages as they are; any other write drops them.
PUBLIC_TABLES = frozenset({"reviews", "films", "people", "credits", "watch_options", "tags",
                           "review_tags", "comments", "users", "review_slug_redirects",
                           "tag_slug_redirects", "search_documents", "site_pages",
                           "legacy_paths",
                           # Readers' ratings: the review page's averages, the year in review.
                           "reader_ratings", "reader_rating_summaries",
                           # Lists: their pages, and "appears in these lists" on reviews.
                           "film_lists", "list_entries"})
PRIVATE_TABLES = frozenset({"comment_reports", "review_revisions", "login_sessions", "outbox",
                            "comment_drafts"})
# Of a user, pages show only these (bylines, comment authors, author pages).
PUBLIC_USER_FIELDS = frozenset({"username", "display_name", "bio", "links", "portrait_path",
                                "role", "is_banned"})
# Collections that a change to a private row touches on its public parent (a report is added
# to its comment's reports), which change nothing a reader sees.
PRIVATE_RELATIONSHIPS = frozenset({"reports", "revisions"})
# Headers a stored page does not keep: they belong to one answer, or are set per encoding.
DROPPED_HEADERS = frozenset({"set-cookie", "content-length", "content-encoding", "etag",
                             "x-page-cache", "date"})
# Encodings stored beside the plain body, in the order preferred among equal qualities.
ENCODINGS = ("br", "gzip")
# Where the middleware leaves the key and generations it read, for the view's miss to reuse.
ENVIRON_KEY = "blog.pagecache"


@dataclass(frozen=True)
class StoredPage:
    """A finished answer: the headers every hit sends, and its body in each encoding; the
    generations it was made in (``depends``: their keys, the site's first)."""
    depends: tuple[str, ...]
    generations: tuple[str | None, ...]
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None = None  # the plain body's strong validator, unquoted
    encoded: dict[str, bytes] = field(default_factory=dict)

    def is_current(self, backend, known: dict) -> bool:
        """Whether every generation it was made in is still the current one; ``known`` holds
        those read already, and gains the ones read here."""
        missing = [key for key in self.depends if key not in known]
        if missing:
            known.update(zip(missing, backend.get_many(*missing)))
        return tuple(known[key] for key in self.depends) == self.generations

    def variant(self, encoding: str | None) -> tuple[bytes, list[tuple[str, str]], str | None]:
        """The body, full header list and ETag to send for one encoding (None: plain)."""
        body = self.body if encoding is None else self.encoded[encoding]
        headers = [*self.headers, ("Content-Length", str(len(body)))]
        etag = self.etag
        if encoding is not None:
            headers.append(("Content-Encoding", encoding))
            # As Flask-Compress marks it, so a validator never matches another encoding.
            etag = f"{etag}:{encoding}" if etag else None
        if etag:
            headers.append(("ETag", f'"{etag}"'))
        headers.append(("X-Page-Cache", "hit"))
        return body, headers, etag


def init_app(app) -> None:
    """Serve stored pages in front of Flask, and store fresh ones once every other hook ran;
    pages are built from kept parts (``blog.fragments``) that the same writes drop."""
    fragments.init_app(app)
    app.before_request(serve_stored_page)
    # After-request hooks run last-registered first: placed first, this one sees the answer
    # with its security, cache and Vary headers, as the client gets it.
    app.after_request_funcs.setdefault(None, []).insert(0, store_page)
    app.wsgi_app = StoredPages(app, app.wsgi_app)


class StoredPages:
    """WSGI middleware: answer a stored page before Flask builds a request context.

    Only the plain case is handled here (an anonymous GET or HEAD for a trusted host with
    nothing but the arguments that matter); anything else, and every miss, goes to the app,
    whose ``serve_stored_page`` still answers hits for addresses it spells differently.
    """

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            answer = self.answer(environ, start_response)
            if answer is not None:
                return answer
        return self.wsgi_app(environ, start_response)

    def answer(self, environ, start_response):
        """Send the stored page for this request, or None to let the app answer."""
        config = self.app.config
        if config["PAGE_CACHE_SECONDS"] <= 0 or config["CACHE_TYPE"] == "NullCache":
            return None
        key = self.key(environ, config)
        if key is None:
            return None
        backend = self.app.extensions["cache"][cache]
        catch_up(self.app, backend)  # with another process's writes
        keys = [GENERATION_KEY, activity.ANY_KEY, key]
        if review_key := activity.likely_review_key(environ.get("PATH_INFO", "")):
            keys.append(review_key)  # one call instead of two for a review's page
        current, any_activity, stored, *review = backend.get_many(*keys)
        known = {GENERATION_KEY: current, activity.ANY_KEY: any_activity}
        if review_key:
            known[review_key] = review[0]
        environ[ENVIRON_KEY] = (key, known)
        if not isinstance(stored, StoredPage) or not stored.is_current(backend, known):
            return None
        body, headers, _etag = stored.variant(
            chosen_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), stored.encoded))
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            response = Response(body, stored.status, headers)
            return response.make_conditional(environ)(environ, start_response)
        start_response(f"{stored.status} OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def key(self, environ, config) -> str | None:
        """This request's page key, when it plainly may be served a stored page (an anonymous
        reader, a host the site answers to, only the arguments that matter); else None."""
        if "HTTP_COOKIE" in environ and signed_in_cookies(config) & parse_cookie(environ).keys():
            return None
        host = environ.get("HTTP_HOST", "").rpartition(":")[0] or environ.get("HTTP_HOST", "")
        if host.lower() not in trusted_hosts(config["SITE_URL"],
                                             tuple(config.get("EXTRA_HOSTS", ()))):
            return None  # the app answers, or refuses, hosts spelled any other way
        args = Request(environ).args if environ.get("QUERY_STRING") else {}
        # As werkzeug spells ``request.path``, so the app stores under the same key.
        path = "/" + environ.get("PATH_INFO", "").encode("latin1").decode(
            errors="replace").lstrip("/")
        repeated, single = self.arguments_by_path.get(path, (frozenset(), frozenset()))
        if not args.keys() <= ARGUMENTS | repeated | single:
            return None
        return key_for(self.app.extensions["release"], path, args, repeated)

    @functools.cached_property
    def arguments_by_path(self) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
        """The arguments of the pages that take more (``ENDPOINT_ARGUMENTS`` and
        ``ENDPOINT_SINGLE_ARGUMENTS``), by path: the middleware comes before routing, so it
        knows those pages by their fixed addresses."""
        return {rule.rule: (ENDPOINT_ARGUMENTS.get(rule.endpoint, frozenset()),
                            ENDPOINT_SINGLE_ARGUMENTS.get(rule.endpoint, frozenset()))
                for rule in self.app.url_map.iter_rules()
                if (rule.endpoint in ENDPOINT_ARGUMENTS.keys() | ENDPOINT_SINGLE_ARGUMENTS.keys()
                    and not rule.arguments)}


def signed_in_cookies(config) -> set[str]:
    """The cookies whose presence means a session or a remembered sign-in."""
    return {config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)}


@functools.lru_cache(maxsize=8)
def trusted_hosts(site_url: str, extra_hosts: tuple[str, ...]) -> frozenset[str]:
    """The host names the site answers to, lower-case, without ports."""
    return frozenset(host.lower() for host in accepted_hosts(
        {"SITE_URL": site_url, "EXTRA_HOSTS": extra_hosts}) if host)


def key_for(release: str, path: str, args, repeated=frozenset()) -> str | None:
    """The cache key of a page in this release: its path and the arguments that matter, sorted
    (the values of an argument the page takes several times as a set); None when they are too
    many or too long to be a page worth keeping, or when an argument taken once is given
    twice."""
    pairs = []
    for name in sorted(args):
        values = args.getlist(name)
        if name in repeated:
            values = sorted(set(values))
        elif len(values) > 1:
            return None  # the page reads the first; "?page=2&page=3" is not worth a copy
        pairs += [(name, value) for value in values]
    if len(pairs) > MAX_KEY_VALUES or any(len(value) > MAX_VALUE_LENGTH for _, value in pairs):
        return None
    return f"{PAGE_KEY.format(release=release)}{path}?{urlencode(pairs)}"


def chosen_encoding(accept_encoding: str, offered) -> str | None:
    """The stored encoding the client accepts with the highest quality, or None for plain."""
    if not accept_encoding or not offered:
        return None
    accepted = parse_accept_header(accept_encoding)
    best, best_quality = None, 0.0
    for encoding in ENCODINGS:
        quality = accepted[encoding] if encoding in offered else 0
        if quality > best_quality:
            best, best_quality = encoding, quality
    return best


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
    single = ENDPOINT_SINGLE_ARGUMENTS.get(request.endpoint, frozenset())
    if not request.args.keys() <= ARGUMENTS | repeated | single:
        return None
    return key_for(current_app.extensions["release"], request.path, request.args, repeated)


def do_not_store() -> None:
    """Answer this request without keeping its page (its arguments named something unknown)."""
    g.page_cache_refused = True


def serve_stored_page():
    """Answer from the cache when this anonymous request's page is stored and current."""
    if not enabled() or (key := cache_key()) is None:
        return None
    g.page_cache_key = key
    # The site's generation, and the activity generation this page follows (read first thing
    # in the request by ``fragments.note_generation``).
    depends, known = (GENERATION_KEY,), {}
    if g.get("activity_key") is not None:
        depends += (g.activity_key,)
        known[g.activity_key] = g.activity_generation
    looked_up, read = request.environ.get(ENVIRON_KEY, (None, {}))
    if looked_up == key and read[GENERATION_KEY] is not None:  # read already, and missed
        g.page_generations = depends, (read[GENERATION_KEY], *known.values())
        return None
    known[GENERATION_KEY], stored = cache.get_many(GENERATION_KEY, key)
    if known[GENERATION_KEY] is None:  # never set, or evicted: a new one, never a page's
        known[GENERATION_KEY], = current_tokens(GENERATION_KEY)
    g.page_generations = depends, tuple(known[name] for name in depends)
    if not isinstance(stored, StoredPage) or stored.depends != depends or not stored.is_current(
            cache, known):
        return None
    g.page_cache_hit = True
    body, headers, _etag = stored.variant(
        chosen_encoding(request.headers.get("Accept-Encoding", ""), stored.encoded))
    # An encoded body carries Content-Encoding, so Flask-Compress leaves it as it is.
    return Response(body, stored.status, headers).make_conditional(request)


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
        cache.set(key, stored_page(response), timeout=lifetime)
    response.headers["X-Page-Cache"] = "miss"
    return response


def stored_page(response) -> StoredPage:
    """The entry for a finished answer: its plain body, compressed once in each encoding."""
    encoding = response.headers.get("Content-Encoding")
    body = response.get_data()
    etag, _weak = response.get_etag()
    if encoding:
        body = gzip.decompress(body) if encoding == "gzip" else brotli.decompress(body)
        if etag and etag.endswith(f":{encoding}"):
            etag = etag[:-len(encoding) - 1]
    headers = [(name, value) for name, value in response.headers
               if name.lower() not in DROPPED_HEADERS and name.lower() != "vary"]
    # The session adds "Cookie" only after these hooks: a page differs for signed-in readers.
    vary = [part.strip() for part in response.headers.get("Vary", "").split(",") if part.strip()]
    headers.append(("Vary", ", ".join([*vary, *(["Cookie"] if "Cookie" not in vary else [])])))
    encoded = {}
    config = current_app.config
    if (len(body) >= config["COMPRESS_MIN_SIZE"]
            and response.mimetype in config["COMPRESS_MIMETYPES"]):
        encoded = {"br": brotli.compress(body, quality=config["COMPRESS_BR_LEVEL"]),
                   "gzip": gzip.compress(body, config["COMPRESS_LEVEL"])}
    return StoredPage(*g.page_generations, 200, headers, body, etag, encoded)


def seconds_to_keep() -> int:
    """The configured lifetime, cut short by the next scheduled review's publication."""
    from blog.services.review_links import seconds_to_keep as cut_short

    return cut_short(current_app.config["PAGE_CACHE_SECONDS"])


def forget_pages() -> None:
    """Move the generation on, so every stored page is rendered afresh on its next request."""
    if enabled():
        GENERATION.move_on()


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


@event.listens_for(Session, "after_flush")
def note_page_changes(session, _flush_context) -> None:
    """Note what a flush changed of what pages show: readers' activity by the reviews it is
    on, anything else as a change to the site. After the flush, a new comment has its review's
    id; the lists of new, changed and deleted rows and their histories are still the flush's."""
    reviews = set()
    for how, rows in (("new", session.new), ("dirty", session.dirty),
                      ("deleted", session.deleted)):
        for obj in rows:
            if not changes_pages(obj, how):
                continue
            review_id = sa.inspect(obj).dict.get("review_id")  # never loads a deleted row
            if obj.__tablename__ in activity.TABLES and review_id is not None:
                reviews.add(review_id)
            else:
                session.info["pages_changed"] = True
    if reviews:
        note_activity(session, reviews)


def note_activity(session, review_ids) -> None:
    """Note readers' activity on these reviews, by slug (what their pages are found by);
    nothing to note once the site's generation is moving on anyway."""
    if session.info.get("pages_changed"):
        return
    from blog.models import Review

    slugs = session.connection().execute(
        sa.select(Review.slug).where(Review.id.in_(review_ids))).scalars()
    session.info.setdefault("activity_slugs", set()).update(slugs)


@event.listens_for(Session, "do_orm_execute")
def note_bulk_page_changes(state) -> None:
    """Bulk UPDATE and DELETE statements skip the flush; note them by the table they touch.
    One on readers' activity that names its reviews (``activity.OPTION``) is noted as
    activity on them; any other is a change to the site."""
    if not (state.is_update or state.is_delete):
        return
    tables = {table.name for table in state.statement.get_final_froms()} if hasattr(
        state.statement, "get_final_froms") else set()
    table = getattr(state.statement, "table", None)
    if table is not None:
        tables.add(table.name)
    if not tables or tables - PRIVATE_TABLES:
        reviews = state.execution_options.get(activity.OPTION)
        if reviews and tables <= activity.TABLES:
            note_activity(state.session, reviews)
        else:
            state.session.info["pages_changed"] = True


@event.listens_for(Session, "after_commit")
def drop_changed_pages(session) -> None:
    slugs = session.info.pop("activity_slugs", None)
    if session.info.pop("pages_changed", False):
        forget_pages()
        fragments.forget()  # the parts pages are built from change with them
    elif slugs:
        activity.move_on(slugs)  # the pages and parts following them are built afresh


@event.listens_for(Session, "after_soft_rollback")
def keep_pages_after_rollback(session, _previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop("pages_changed", None)
        session.info.pop("activity_slugs", None)
