"""The tag cloud and the reviews filed under each tag."""
from flask import Blueprint, abort, redirect, render_template, request, url_for

from blog.reading.views import page_arg, permanent_redirect, render_review_list
from blog.services import reviews, tags

bp = Blueprint("tags", __name__)


@bp.get("/")
def index():
    """Every tag on a visible review, grouped by kind, sized by use."""
    return render_template("tags/index.html", groups=tags.cloud_by_kind())


def tag_or_redirect(slug: str, endpoint: str, **args):
    """The tag with this slug; under an old slug of a renamed or merged tag, a 301 to
    ``endpoint`` with its current one; otherwise 404."""
    tag = tags.find(slug)
    if tag is None:
        new_slug = tags.current_slug(slug)
        if new_slug is None:
            abort(404)
        abort(redirect(url_for(endpoint, slug=new_slug, **args), 301))
    return tag


@bp.get("/<slug>")
def show_tag(slug):
    """The reviews with one tag."""
    tag = tag_or_redirect(slug, "tags.show_tag", **request.args)
    pagination = reviews.with_tag(tag.id, page_arg())
    if not pagination.items:  # a tag used only on drafts is not public yet
        abort(404)
    return render_review_list("tags/show.html", pagination, tag=tag,
                              review_count=tags.visible_count(tag.slug))


bp.add_url_rule("/<slug>/", "show_tag_slash", permanent_redirect("tags.show_tag"))
