"""The tag cloud and the reviews filed under each tag."""
from flask import Blueprint, abort, redirect, render_template, request, url_for

from blog.reading.views import page_arg, permanent_redirect, render_review_list
from blog.services import reviews, tags

bp = Blueprint("tags", __name__)


@bp.get("/")
def index():
    """Every tag on a visible review, grouped by kind, sized by use."""
    return render_template("tags/index.html", groups=tags.cloud_by_kind())


@bp.get("/<slug>")
def show_tag(slug):
    """The reviews with one tag."""
    tag = tags.find(slug)
    if tag is None:
        new_slug = tags.current_slug(slug)
        if new_slug is None:
            abort(404)
        return redirect(url_for(".show_tag", slug=new_slug, **request.args), 301)
    pagination = reviews.with_tag(tag.id, page_arg())
    if not pagination.items:  # a tag used only on drafts is not public yet
        abort(404)
    return render_review_list("tags/show.html", pagination, tag=tag,
                              review_count=tags.visible_count(tag.slug))


bp.add_url_rule("/<slug>/", "show_tag_slash", permanent_redirect("tags.show_tag"))
