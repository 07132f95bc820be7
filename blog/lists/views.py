"""Readers' pages of lists: /lists/, /lists/<slug>, and their Atom feeds."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from blog.conditional import conditional_response
from blog.feeds import lists as list_feeds
from blog.feeds.reviews import FORMATS
from blog.web import page_arg
from blog.services import lists
from blog.structured import film_list_data

bp = Blueprint("lists", __name__)


@bp.get("/lists/")
def index():
    """Published lists, newest first, each with a strip of posters."""
    pagination = lists.index_page(page_arg())
    entries, _ = lists.with_entries(pagination.items)
    html = render_template("lists/index.html", pagination=pagination, entries=entries,
                           preview=lists.PREVIEW_POSTERS)
    return conditional_response(html, [film_list.updated_at for film_list in pagination.items])


@bp.get("/lists/<slug>")
def show_list(slug):
    """One list: its introduction, then its films as a poster grid with notes."""
    film_list = lists.find_visible(slug)
    if film_list is None:
        abort(404)
    entries, reviews = lists.with_entries([film_list])
    shown = entries[film_list.id]
    html = render_template("lists/show.html", film_list=film_list, entries=shown,
                           structured=film_list_data(film_list, shown))
    moments = [film_list.updated_at, *(review.updated_at for review in reviews.values())]
    return conditional_response(html, moments)


@bp.get("/lists.atom")
def feed():
    """The newest published lists, as Atom."""
    found = lists.newest()
    entries, reviews = lists.with_entries(found)
    document, updated = list_feeds.all_lists_feed(found, entries)
    return conditional_response(document, [updated], mimetype=FORMATS["atom"],
                                public_only=False)


@bp.get("/lists/<slug>.atom")
def list_feed(slug):
    """One published list's films, as Atom."""
    film_list = lists.find_visible(slug)
    if film_list is None:
        abort(404)
    entries, _ = lists.with_entries([film_list])
    document, updated = list_feeds.one_list_feed(film_list, entries[film_list.id])
    return conditional_response(document, [updated], mimetype=FORMATS["atom"],
                                public_only=False)
