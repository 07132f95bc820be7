"""Search: the results page the header's search box sends its words to."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from blog.services import search as searching
from blog.web import page_arg

bp = Blueprint("search", __name__)


@bp.get("/search")
def search():
    """Visible reviews matching the words in ``q``, best first; any text gives a page."""
    found = searching.search(request.args.get("q", ""), page_arg(searching.MAX_PAGE))
    if found.page > 1 and not found.results:
        abort(404)
    return render_template("search/results.html", found=found)
