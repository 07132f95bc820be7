"""Parts of pages that every reader sees alike, kept in the shared cache between writes.

The page cache (``blog.pagecache``) keeps whole pages, but only for anonymous readers; a
signed-in reader's page, and any page the cache has just dropped, is built afresh. Most of a
review page is nevertheless the same for everyone: the review and its film, the links below
it, the comments (the buttons under each are the reader's own). Those parts are rendered once
and kept here, so that building a page is mostly assembling them.

Parts follow the page cache's invalidation: any committed change to what pages show moves
this family's generation on (``pagecache.drop_changed_pages``), and no part outlives the next
scheduled publication, which changes pages without a write. A part that shows readers'
activity (a page of comments, the readers' rating, cards with comment counts) is named in
``Parts(..., activity=…)`` and also follows the request's activity generation
(``blog.activity``), so a comment drops its review's comments and the listing pages' cards,
not the review itself or any other review. So a part is never older than a stored page would
be, whether or not the page cache is on. Without a cache (NullCache), or with
``FRAGMENT_CACHE`` off, nothing is kept and every part is rendered each time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g, render_template, request
from markupsafe import Markup

from blog import activity
from blog.extensions import cache
from blog.generations import CONTENT, catch_up, note_all

GENERATION = CONTENT
# The release too (``blog.release``): a part rendered by other code or settings is never read.
KEY = "fragments/v2/{release}/{generation}/{name}"


@dataclass(frozen=True)
class Part:
    """Kept HTML (or named pieces of it), with the newest time among what it shows, for the
    page's Last-Modified."""
    html: Markup | dict[str, Markup]
    newest: datetime | None = None


def forget() -> None:
    """Move the generation on: every kept part is rendered afresh on its next use."""
    GENERATION.move_on()


def init_app(app) -> None:
    """Note the generation first thing in every request (see ``note_generation``)."""
    app.before_request_funcs.setdefault(None, []).insert(0, note_generation)


def note_generation() -> None:
    """Read every family's generation (``generations.note_all``: the parts', the kept review
    links' and catalogue counts'), and the activity generation this page follows, before the
    request's first SQL statement.

    On SQLite a request reads one snapshot of the database, taken at its first statement (the
    sign-in lookup, the review's key). A generation read after that could have been set by a
    write the snapshot does not hold, and a part rendered from the older snapshot would be kept
    as current; read before, it is at worst older than the snapshot, and a part kept under an
    old generation is never read. The page cache reads the activity generation from here too."""
    if request.endpoint == "static":
        return
    catch_up(current_app, cache.cache)  # with another process's writes
    g.activity_key = activity.key_for(request.url_rule, request.view_args)
    # Every family's generation (the parts', kept review links', catalogue counts'), read now.
    noted = note_all(*([g.activity_key] if g.activity_key else []))
    g.activity_generation = noted.get(g.activity_key)
    g.fragment_generation = (noted[GENERATION.key] if current_app.config["FRAGMENT_CACHE"]
                             else None)


def current_generation() -> str | None:
    return GENERATION.current() if current_app.config["FRAGMENT_CACHE"] else None


class Parts:
    """The kept parts one page asks for, fetched together; ``keep`` stores a fresh one.

    Those named in ``activity`` show readers' activity, and are kept under the request's
    activity generation too; in a request that follows none (``activity.key_for``), they are
    rendered each time and not kept."""

    def __init__(self, *names: str, activity=()):
        generation = (g.fragment_generation if "fragment_generation" in g
                      else current_generation())
        following = g.get("activity_generation")
        release = current_app.extensions["release"]
        self.keys = {}
        if generation is not None:
            for name in names:
                if name not in activity:
                    self.keys[name] = KEY.format(release=release, generation=generation,
                                                 name=name)
                elif following is not None:
                    self.keys[name] = KEY.format(release=release, name=name,
                                                 generation=f"{generation}.{following}")
        self.found: dict[str, object] = {}
        if self.keys:
            self.found = {name: value for name, value in zip(
                self.keys, cache.get_many(*self.keys.values())) if value is not None}

    def get(self, name: str):
        return self.found.get(name)

    def keep(self, name: str, value) -> None:
        """Keep a part rendered in this request, for as long as nothing changes; not when the
        request refused the page cache (``pagecache.do_not_store``: made-up values), so that
        neither can be filled with copies."""
        self.found[name] = value
        if g.get("page_cache_refused") or name not in self.keys:
            return
        if (lifetime := seconds_to_keep()) > 0:
            cache.set(self.keys[name], value, timeout=lifetime)

    def get_or_render(self, name: str, render):
        """The kept part, or ``render()``'s, kept for next time."""
        value = self.found.get(name)
        if value is None:
            value = render()
            self.keep(name, value)
        return value


def seconds_to_keep() -> int:
    """Until the next scheduled publication, a day at most (asked once a request): a part is
    current until its generation moves on, so the day only lets older parts go."""
    if "fragment_lifetime" not in g:
        from blog.services.review_links import seconds_to_keep as until_next_publication

        g.fragment_lifetime = until_next_publication()
    return g.fragment_lifetime


def render(template: str, /, **context) -> Markup:
    """A part: a template rendered on its own, as the page would render it."""
    return Markup(render_template(template, **context))


def template_module(name: str, /, **context):
    """A template's module (its macros and top-level names) with the request's context."""
    current_app.update_template_context(context)
    return current_app.jinja_env.get_template(name).make_module(context)


def named_parts(template: str, names, /, **context) -> dict[str, Markup]:
    """Several parts from one template, each a top-level ``{% set name %}…{% endset %}``
    (a name the template does not set is left out)."""
    module = template_module(template, **context)
    return {name: Markup(str(getattr(module, name)).strip()) for name in names
            if hasattr(module, name)}
