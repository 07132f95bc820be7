"""Feeds: the site's reviews (Atom, RSS), per tag, person and author, and the comments."""
import sqlalchemy as sa
from flask import Blueprint, abort, current_app

from blog.conditional import conditional_response
from blog.extensions import db
from blog.feeds import atom
from blog.feeds.comments import comments_feed
from blog.feeds.reviews import FORMATS, FeedInfo, review_feed
from blog.models import Person, Review
from blog.services import comments, reviews, users
from blog.templating import absolute_url
from blog.web import permanent_redirect, tag_or_redirect, visible_review_or_404

bp = Blueprint("feeds", __name__)


@bp.get("/reviews/<slug>/comments.atom")
def review_comments(slug):
    """The newest approved comments of a visible review, as Atom."""
    review = visible_review_or_404(slug, ".review_comments", find=atom.find_review)
    document, updated = atom.review_comments_feed(review)
    return feed_response(document, updated, "atom")


def feed_response(document: bytes, updated, fmt: str):
    """A feed answer with its media type, ETag and Last-Modified, or a 304."""
    return conditional_response(document, [updated], mimetype=FORMATS[fmt], public_only=False)


def reviews_response(info: FeedInfo, found: list[Review], fmt: str = "atom"):
    """Render ``found`` as a feed in ``fmt`` and answer with it."""
    document, updated = review_feed(info, found, fmt)
    return feed_response(document, updated, fmt)


@bp.get("/feed.atom", defaults={"fmt": "atom"})
@bp.get("/feed.rss", defaults={"fmt": "rss"})
def site(fmt):
    """The newest reviews on the site."""
    config = current_app.config
    info = FeedInfo(f"{config['SITE_NAME']} — reviews", config["SITE_TAGLINE"],
                    absolute_url(".site", fmt=fmt), absolute_url("reading.home"))
    return reviews_response(info, reviews.newest(), fmt)


@bp.get("/tags/<slug>.atom")
def tag(slug):
    """The newest reviews with one tag; an old address of a renamed tag redirects."""
    found = tag_or_redirect(slug, "feeds.tag")
    entries = reviews.newest(reviews.tagged(found))
    if not entries:  # a tag used only on drafts is not public yet
        abort(404)
    info = FeedInfo(f"{found.name} — {current_app.config['SITE_NAME']}",
                    f"Film reviews tagged “{found.name}”.", absolute_url(".tag", slug=found.slug),
                    absolute_url("tags.show_tag", slug=found.slug))
    return reviews_response(info, entries)


@bp.get("/people/<slug>.atom")
def person(slug):
    """The newest reviews of films a person is credited on."""
    found = db.first_or_404(sa.select(Person).where(Person.slug == slug))
    entries = reviews.newest(reviews.credited(found.id))
    if not entries:
        abort(404)
    info = FeedInfo(f"{found.name} — {current_app.config['SITE_NAME']}",
                    f"Reviews of films with {found.name}.",
                    absolute_url(".person", slug=found.slug),
                    absolute_url("reading.show_person", slug=found.slug))
    return reviews_response(info, entries)


@bp.get("/authors/<username>.atom")
def author(username):
    """The newest reviews by one author."""
    found = users.find_author(username)
    if found is None:
        abort(404)
    info = FeedInfo(f"Reviews by {found.name} — {current_app.config['SITE_NAME']}",
                    f"Film reviews written by {found.name}.",
                    absolute_url(".author", username=found.username),
                    absolute_url("reading.show_author", username=found.username))
    return reviews_response(info, reviews.newest(Review.author_id == found.id))


@bp.get("/comments.atom")
def site_comments():
    """The newest approved comments on every visible review."""
    document, updated = comments_feed(comments.recent(current_app.config["COMMENTS_IN_FEED"]))
    return feed_response(document, updated, "atom")


# Where other blogs keep their feeds: readers and feed finders try these addresses.
for number, (rule, fmt) in enumerate((("/feed", "atom"), ("/feed/", "atom"),
                                     ("/atom.xml", "atom"), ("/feed.xml", "atom"),
                                     ("/rss", "rss"), ("/rss.xml", "rss"))):
    bp.add_url_rule(rule, f"near_miss_{number}", permanent_redirect("feeds.site"),
                    defaults={"fmt": fmt})
