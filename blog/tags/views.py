"""The tag cloud and the reviews filed under each tag."""
from flask import Blueprint, render_template, request

from blog.services import reviews, tags
from blog.web import page_arg, permanent_redirect, render_review_list, tag_or_redirect

bp = Blueprint("tags", __name__)


@bp.get("/")
def index():
    """Every tag on a visible review, grouped by kind, sized by use."""
    return render_template("tags/index.html", groups=tags.cloud_by_kind())


@bp.get("/<slug>")
def show_tag(slug):
    """The reviews with one tag."""
    tag = tag_or_redirect(slug, "tags.show_tag", **request.args)
    page = page_arg()

    def find_page():  # no cards: a tag used only on drafts is not public yet, so a 404
        return {"pagination": reviews.with_tag(tag, page), "tag": tag,
                "review_count": tags.visible_count(tag.slug)}

    return render_review_list(f"tag/{tag.id}/{page}", "tags/_show_parts.html", find_page)


bp.add_url_rule("/<slug>/", "show_tag_slash", permanent_redirect("tags.show_tag"))
