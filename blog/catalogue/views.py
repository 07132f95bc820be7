"""/reviews/: the catalogue, every visible review with filters and counts, no JavaScript needed."""
from __future__ import annotations

import hashlib

from flask import Blueprint, render_template, request

from blog import fragments, pagecache
from blog.conditional import conditional_response, newest
from blog.errors import render_error
from blog.web import LIST_PARTS, page_arg
from blog.services import catalogue, reviews
from werkzeug.exceptions import BadRequest

bp = Blueprint("catalogue", __name__)


@bp.get("/reviews/")
def browse():
    """Filter the reviews by genre, decade, person, country, language, rating, runtime and
    where to watch; sort them; every option shows how many reviews it leads to."""
    try:
        selection = catalogue.parse(request.args)
    except catalogue.BadFilter as error:
        return render_error(BadRequest(), f"{error} Loosen or remove that filter and try again.")
    page = page_arg()
    name = f"catalogue/{selection_key(selection)}/{page}"
    # Its cards show comment counts, and readers' averages filter and sort them.
    part = fragments.Parts(name, activity=(name,)).get_or_render(
        name, lambda: catalogue_part(selection, page))
    return conditional_response(render_template("parts_page.html", parts=part.html),
                                [part.newest])


def selection_key(selection) -> str:
    """A short name for a selection of filters and an order (its canonical arguments)."""
    arguments = sorted((name, sorted(map(str, value)) if isinstance(value, list) else str(value))
                       for name, value in selection.args().items())
    return hashlib.sha256(repr(arguments).encode()).hexdigest()[:32]


def catalogue_part(selection, page: int) -> fragments.Part:
    """The page of results for a selection with its filter form. A chosen value that matched
    nothing (made up, or gone) is answered, but neither page nor part is kept."""
    pagination = catalogue.reviews_page(selection, page)
    options = catalogue.facet_counts(selection)
    if any(option.chosen and option.count == 0 for found in options.values() for option in found):
        pagecache.do_not_store()
    loosen = (catalogue.counts_without(selection)
              if page == 1 and not pagination.items and selection.active else {})
    counts = reviews.comment_counts([review.id for review in pagination.items])
    parts = fragments.named_parts(
        "catalogue/_browse_parts.html", LIST_PARTS, pagination=pagination,
        selection=selection, options=options, loosen=loosen,
        labels={facet: {option.value: option.label for option in found}
                for facet, found in options.items()}, comment_counts=counts,
        facets=catalogue.FACETS, single=catalogue.SINGLE, names=catalogue.NAMES,
        sorts=catalogue.SORTS)
    shown = newest(*(review.updated_at for review in pagination.items))
    return fragments.Part(parts, shown)
