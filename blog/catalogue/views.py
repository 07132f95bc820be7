"""/reviews/: the catalogue, every visible review with filters and counts, no JavaScript needed."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from blog import pagecache
from blog.conditional import conditional_response
from blog.errors import render_error
from blog.web import page_arg
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
    pagination = catalogue.reviews_page(selection, page)
    options = catalogue.facet_counts(selection)
    if any(option.chosen and option.count == 0 for found in options.values() for option in found):
        pagecache.do_not_store()  # a value matched nothing here: made up, or gone
    loosen = (catalogue.counts_without(selection)
              if page == 1 and not pagination.items and selection.active else {})
    counts = reviews.comment_counts([review.id for review in pagination.items])
    html = render_template("catalogue/browse.html", pagination=pagination, selection=selection,
                           options=options, loosen=loosen,
                           labels={facet: {option.value: option.label for option in found}
                                   for facet, found in options.items()}, comment_counts=counts,
                           facets=catalogue.FACETS, single=catalogue.SINGLE,
                           names=catalogue.NAMES,
                           sorts=catalogue.SORTS)
    return conditional_response(html, [review.updated_at for review in pagination.items])
