"""Search: the results page the header's search box sends its words to."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from blog.services import search as searching

bp = Blueprint("search", __name__)


def page_arg() -> int:
    """The ``page`` query argument; anything but a page number in range is a 404."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or len(raw) > 4 or not 1 <= int(raw) <= searching.MAX_PAGE:
        abort(404)
    return int(raw)


@bp.get("/search")
def search():
    """Visible reviews matching the words in ``q``, best first; any text gives a page."""
    found = searching.search(request.args.get("q", ""), page_arg())
    if found.page > 1 and not found.results:
        abort(404)
    return render_template("search/results.html", found=found)
