"""Atom feeds: each review's comments at /reviews/<slug>/comments.atom."""
from flask import Blueprint, make_response, request

from blog.feeds import atom
from blog.reading.views import visible_review_or_404

bp = Blueprint("feeds", __name__)


@bp.get("/reviews/<slug>/comments.atom")
def review_comments(slug):
    """The newest approved comments of a visible review, as Atom."""
    review = visible_review_or_404(slug, ".review_comments", find=atom.find_review)
    document, updated = atom.review_comments_feed(review)
    response = make_response(document)
    response.mimetype = "application/atom+xml"
    response.last_modified = updated
    response.add_etag()
    return response.make_conditional(request)
