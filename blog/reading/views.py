"""What anonymous readers see: the feed, review pages, people, authors, archive, about."""
from __future__ import annotations

import calendar
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (Blueprint, abort, current_app, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_login import current_user
from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect

from blog import database, fragments
from blog.assets import YEAR
from blog.conditional import comment_moments, conditional_response, newest
from blog.extensions import db
from blog.models import Credit, Person, Role, User
from blog.comments.box import comment_form_for
from blog.review_page import render_review_page
from blog.services import (archive as date_archive, comments, image_sizes, reviews, site_pages,
                           tags, users)
from blog.web import page_arg, permanent_redirect, render_review_list, visible_review_or_404

bp = Blueprint("reading", __name__)
NOT_STORED = {"Cache-Control": "no-store"}  # a health check must reach the app every time


@bp.get("/")
def home():
    """The feed, with the tag cloud, recent comments and the archive beside it.

    The feed's page and the recent comments are the same for every reader, so they are kept
    between writes (``blog.fragments``) and the page is built from them."""
    page = page_arg()
    kept = fragments.Parts(f"home/{page}", "recent-comments",
                           activity=(f"home/{page}", "recent-comments"))
    feed = kept.get_or_render(f"home/{page}", lambda: feed_part(page))
    recent = kept.get_or_render("recent-comments", recent_comments_part)
    html = render_template("reading/home.html", parts=feed.html, recent_comments=recent.html,
                           tag_cloud=tags.sidebar_cloud(), archive_years=date_archive.years())
    return conditional_response(html, [feed.newest, recent.newest])


def feed_part(page: int) -> fragments.Part:
    """A page of the feed: its cards and pager, and what the head says of them."""
    pagination = reviews.feed_page(page)
    counts = reviews.comment_counts([review.id for review in pagination.items])
    parts = fragments.named_parts(
        "reading/_home_feed.html", ("title", "head", "social", "structured_data", "feed"),
        pagination=pagination, comment_counts=counts)
    return fragments.Part(parts, newest(*(review.updated_at for review in pagination.items)))


def recent_comments_part() -> fragments.Part:
    """The latest comments on the site, for the sidebar."""
    recent = comments.recent(current_app.config["RECENT_COMMENTS"])
    return fragments.Part(fragments.render("reading/_recent_comments.html", recent_comments=recent),
                newest(*comment_moments(recent)))


@bp.get("/reviews/<slug>")
def show_review(slug):
    """One review, top to bottom, with its conversation."""
    reader = current_user if current_user.is_authenticated else None
    review = visible_review_or_404(  # with the signed-in reader's own, in the same statement
        slug, ".show_review", find=lambda slug: reviews.find_visible_key(slug, reader))
    return render_review_page(review, comment_form_for(review))


@bp.get("/people/<slug>")
def show_person(slug):
    """A person's page: who they are and the reviews of their films."""
    person = db.session.scalar(sa.select(Person).where(Person.slug == slug))
    if person is None:
        if slug == slug.lower():
            abort(404)
        return redirect(url_for(".show_person", slug=slug.lower(), **request.args), 301)
    page = page_arg()

    def find_page():  # no cards: credited only on unpublished reviews, not public yet
        roles = db.session.scalars(
            sa.select(Credit.role).where(Credit.person_id == person.id).distinct()).all()
        return {"pagination": reviews.by_person(person.id, page), "person": person,
                "roles": sorted(role.value for role in roles)}

    return render_review_list(f"person/{person.id}/{page}", "reading/_person_parts.html",
                              find_page)


@bp.get("/authors/<username>")
def show_author(username):
    """An author's page: their bio and their reviews."""
    author = users.find_author(username)
    if author is None:
        abort(404)
    if username != author.username:
        return redirect(url_for(".show_author", username=author.username, **request.args), 301)
    page = page_arg()
    return render_review_list(
        f"author/{author.id}/{page}", "reading/_author_parts.html",
        lambda: {"pagination": reviews.by_author(author.id, page), "author": author},
        empty_is_404=False)  # a new author's page says they have not published yet


@bp.get("/archive/<int:year>/")
@bp.get("/archive/<int:year>/<int:month>/")
def archive(year, month=None):
    """Reviews published in one year or one month (in the site's time zone)."""
    if not 1900 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        abort(404)
    months = date_archive.month_bounds(year)
    start, end = (months[0][0], months[-1][1]) if month is None else months[month - 1]
    page = page_arg()

    def find_page():
        return {"pagination": reviews.published_between(start, end, page), "year": year,
                "month": month, "month_names": calendar.month_name,
                "month_counts": date_archive.month_counts(year),
                "archive_years": date_archive.years()}

    return render_review_list(f"archive/{year}/{month}/{page}", "reading/_archive_parts.html",
                              find_page)


@bp.get("/about")
def about():
    """Who writes here, and how the ratings work."""
    authors = db.session.scalars(sa.select(User).where(
        User.role.in_([Role.AUTHOR, Role.ADMIN])).order_by(User.created_at)).all()
    return render_template("reading/about.html", authors=authors,
                           page=site_pages.find("about"))


@bp.get("/privacy")
def privacy():
    """What the blog stores about readers, and how to take it away or delete it."""
    return render_template("reading/privacy.html")


@bp.get("/media/<path:path>")
def media(path):
    """Serve an uploaded poster or portrait from the upload store.

    Every upload is stored under a new random name and never rewritten, so it may be cached
    as immutable. A smaller copy that is still missing (an image stored before copies were
    made) is made on its first request."""
    folder = current_app.config["UPLOAD_FOLDER"]
    try:
        response = send_from_directory(folder, path, max_age=YEAR)
    except NotFound:
        if not image_sizes.make_one(path):
            raise
        response = send_from_directory(folder, path, max_age=YEAR)
    response.cache_control.immutable = True
    return response


@bp.get("/healthz")
def healthz():
    """A load balancer's check: the app answers and the database does too."""
    if not database.reachable():
        return {"status": "error", "database": "unreachable"}, 503, NOT_STORED
    return {"status": "ok"}, 200, NOT_STORED


# Near misses of the reading pages: the same address with a trailing slash.
for rule, target in (("/reviews/<slug>/", "show_review"), ("/people/<slug>/", "show_person"),
                     ("/authors/<username>/", "show_author"), ("/about/", "about"),
                     ("/privacy/", "privacy")):
    bp.add_url_rule(rule, f"{target}_slash", permanent_redirect(f"reading.{target}"))


@bp.after_app_request
def permanent_slash_redirects(response):
    """Werkzeug adds a missing trailing slash (/archive/2025) with a 308 to an address on the
    request's Host; answer a 301 (what crawlers know best; for GET the two mean the same) to
    the path, so the Host header never picks where a reader goes."""
    if (response.status_code == 308 and request.method in ("GET", "HEAD")
            and isinstance(request.routing_exception, RequestRedirect)):
        target = urlsplit(request.routing_exception.new_url)
        response.status_code = 301
        response.location = target.path + (f"?{target.query}" if target.query else "")
    return response
