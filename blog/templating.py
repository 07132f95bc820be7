"""What templates share: dates in the site's time zone, absolute URLs, upload URLs."""
from __future__ import annotations

import calendar
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask.globals import _cv_request
from markupsafe import Markup

# calendar.month_name formats a date each time it is indexed; the archive indexes it a hundred
# times a page.
MONTH_NAMES = tuple(calendar.month_name)


def site_zone() -> ZoneInfo:
    """The site's time zone (``TIMEZONE`` setting)."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_time(moment: datetime | None) -> datetime | None:
    """Convert a stored UTC time into the site's time zone."""
    return moment.astimezone(site_zone()) if moment else None


def format_date(moment: datetime | date | None, with_time: bool = False) -> str:
    """A reader-friendly date in the site's zone, e.g. "4 March 2026"."""
    local = local_time(moment) if isinstance(moment, datetime) else moment
    if local is None:
        return ""
    text = f"{local.day} {local:%B %Y}"
    return f"{text}, {local:%H:%M}" if with_time else text


def iso_datetime(moment: datetime | date | None) -> str:
    """The machine-readable form for <time datetime="…">."""
    if not isinstance(moment, datetime):
        return moment.isoformat() if moment else ""
    return local_time(moment).isoformat(timespec="minutes")


def absolute_url(endpoint: str, **values) -> str:
    """An absolute URL on the configured site address, never the request's Host header."""
    return current_app.config["SITE_URL"] + current_app.jinja_env.globals["url_for"](
        endpoint, **values)


def upload_url(path: str) -> str:
    """The URL of a file in the upload store (posters, portraits)."""
    return url_for("reading.media", path=path) if path else ""


def host_of(url: str) -> str:
    """The host of a link without "www.", for labels like "letterboxd.com"."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def rating_text(halves: int | None) -> str:
    """Spell a half-star rating out: 7 half-steps is "3.5 out of 5"."""
    if halves is None:
        return "Not rated"
    stars = halves / 2
    return f"{stars:g} out of 5"


class TemplateUrls:
    """``url_for`` for templates, remembering the addresses it has built.

    A page builds a hundred or more addresses, most of them the same on every request (the
    navigation, tags, the cards' reviews), and Werkzeug builds each from scratch. Inside a
    request, an address relative to the site depends only on the endpoint, the values and how
    the request's URL adapter is bound, so those are the key. Anything else (endpoints
    relative to a blueprint; external addresses; values that cannot be keys) is built by
    ``url_for`` every time, and so are static files in debug mode, whose names follow their
    content as it is edited (a server without debug serves the files it started with).
    """

    LIMIT = 20_000  # addresses kept before starting afresh (a few MB at most)

    def __init__(self, app):
        self.app = app
        self.built: dict[tuple, str] = {}

    def __call__(self, endpoint: str, /, **values) -> str:
        context = _cv_request.get(None)
        if (context is None or (endpoint == "static" and self.app.debug)
                or endpoint[:1] == "." or values.keys() & {"_external", "_scheme", "_method"}):
            return self.app.url_for(endpoint, **values)
        adapter = context.url_adapter
        try:
            key = (adapter.script_name, adapter.server_name, adapter.subdomain, endpoint,
                   *[(name, type(value), value) for name, value in sorted(values.items())])
            return self.built[key]
        except TypeError:  # a value that cannot be part of a key
            return self.app.url_for(endpoint, **values)
        except KeyError:
            url = self.app.url_for(endpoint, **values)
            if len(self.built) >= self.LIMIT:
                self.built.clear()
            self.built[key] = url
            return url


class RememberedFragments:
    """``remembered(macro, *args)``: a macro's output, kept by the macro and its arguments.

    For the sidebars every reader page repeats (the date archive, the tag cloud), drawn from
    cached values that change a few times a day: drawing the archive's months was a third of
    the homepage's template. Only for macros that read nothing but their arguments and
    ``url_for``, so that their output follows from those and from where the site is mounted;
    the arguments are the key (lists as tuples), so changed values draw afresh, and values
    that cannot be keys are drawn every time.
    """

    LIMIT = 64  # fragments kept before starting afresh

    def __init__(self):
        self.kept: dict[tuple, Markup] = {}

    def __call__(self, macro, *args) -> Markup:
        context = _cv_request.get(None)
        if context is None:
            return macro(*args)
        adapter = context.url_adapter
        try:
            key = (macro.name, macro._func.__code__, adapter.script_name, adapter.server_name,
                   adapter.subdomain, *[tuple(a) if isinstance(a, list) else a for a in args])
            return self.kept[key]
        except TypeError:  # an argument that cannot be part of a key
            return macro(*args)
        except KeyError:
            drawn = macro(*args)
            if len(self.kept) >= self.LIMIT:
                self.kept.clear()
            self.kept[key] = drawn
            return drawn


def init_app(app):
    """Register the filters and globals on the app."""
    app.jinja_env.globals["url_for"] = TemplateUrls(app)
    app.jinja_env.globals["remembered"] = RememberedFragments()
    app.jinja_env.filters.update(
        date=format_date, isodate=iso_datetime, rating_text=rating_text, host=host_of,
        localtime=local_time)
    app.jinja_env.globals.update(absolute_url=absolute_url, upload_url=upload_url,
                                 month_names=MONTH_NAMES)
    register_trailer_filter(app)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_settings():
        return {"site": {"name": app.config["SITE_NAME"],
                         "tagline": app.config["SITE_TAGLINE"],
                         "url": app.config["SITE_URL"]}}


def register_trailer_filter(app):
    """``url|trailer`` gives the Trailer (provider, plain link, embed address) or None."""
    from blog.trailers import parse_trailer

    app.jinja_env.filters["trailer"] = parse_trailer
