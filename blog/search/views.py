"""Search: the results page the header's search box sends its words to."""
from __future__ import annotations

import hashlib

from flask import Blueprint, abort, render_template, request

from blog import fragments, pagecache
from blog.services import search as searching
from blog.web import LIST_PARTS, page_arg

bp = Blueprint("search", __name__)


# Words longer than the page cache keeps are searched, but their page is not kept either:
# made-up searches cannot fill the cache with copies.
KEPT_QUERY_LENGTH = pagecache.MAX_VALUE_LENGTH


@bp.get("/search")
def search():
    """Visible reviews matching the words in ``q``, best first; any text gives a page.

    Ranking every match is the costly part, and the same words are searched again and again,
    so a page of results is kept between writes (``blog.fragments``), by its words and page."""
    text, page = request.args.get("q", ""), page_arg(searching.MAX_PAGE)
    if len(text) > KEPT_QUERY_LENGTH:
        pagecache.do_not_store()
    name = f"search/{hashlib.sha256(text.encode()).hexdigest()[:32]}/{page}"
    part = fragments.Parts(name).get_or_render(name, lambda: results_part(text, page))
    return render_template("parts_page.html", parts=part.html)


def results_part(text: str, page: int) -> fragments.Part:
    """The named parts of a page of results; past the last page, a 404."""
    found = searching.search(text, page)
    if found.page > 1 and not found.results:
        abort(404)
    return fragments.Part(fragments.named_parts("search/_results_parts.html", LIST_PARTS,
                                                found=found))
