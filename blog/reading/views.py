"""What anonymous readers see: the feed, review pages, people, authors, archive, about."""
from __future__ import annotations

import calendar
from datetime import datetime

import sqlalchemy as sa
from flask import (Blueprint, abort, current_app, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_login import current_user

from blog import tokens
from blog.comments.forms import CommentForm
from blog.extensions import db
from blog.models import Credit, Person, Role, User
from blog.services import comment_drafts, comments, reviews, site_pages, tags
from blog.templating import site_zone

bp = Blueprint("reading", __name__)


def page_arg() -> int:
    """The ``page`` query argument; anything but a positive number is a 404."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(404)
    return int(raw)


def render_review_list(template: str, pagination, **context):
    """Render a page of review cards with their comment counts."""
    counts = reviews.comment_counts([review.id for review in pagination.items])
    return render_template(template, pagination=pagination, comment_counts=counts, **context)


@bp.get("/")
def home():
    """The feed, with the tag cloud and recent comments beside it."""
    return render_review_list(
        "reading/home.html", reviews.feed_page(page_arg()),
        tag_cloud=tags.sidebar_cloud(),
        recent_comments=comments.recent(current_app.config["RECENT_COMMENTS"]))


@bp.get("/reviews/<slug>")
def show_review(slug):
    """One review, top to bottom, with its conversation."""
    review = visible_review_or_404(slug, ".show_review")
    form = CommentForm(parent_id=request.args.get("reply_to", type=int))
    if current_user.is_authenticated:
        restore_draft(form, review)
    return render_review_page(review, form)


def restore_draft(form: CommentForm, review) -> None:
    """Put a comment kept while its writer signed in back in the box (``?draft=`` token)."""
    draft = comment_drafts.find(request.args.get("draft"), review)
    if draft is not None:
        form.body.data = draft.body
        form.parent_id.data = draft.parent_id


def visible_review_or_404(slug, endpoint, find=reviews.find_visible):
    """The visible review with this slug; under an old slug, a 301 to ``endpoint`` with the
    current one; otherwise 404."""
    review = find(slug)
    if review is None:
        new_slug = reviews.current_slug(slug)
        if new_slug is None:
            abort(404)
        abort(redirect(url_for(endpoint, slug=new_slug), 301))
    return review


def render_review_page(review, comment_form, status=200, headers=None, **extra):
    """Render a review page; the comment views reuse it to show a form with its errors."""
    order = request.args.get("order", "oldest")
    if order not in comments.ORDERS:
        abort(404)
    thread = comments.thread_page(review, current_user, page_arg(), order)
    if thread.page > thread.pages:
        abort(404)
    comment_form.started.data = tokens.make_token("comment-form", review.id)
    replying_to = comments.find_shown(comment_form.parent_id.data, current_user) if (
        comment_form.parent_id.data) else None
    older, newer = reviews.neighbours(review)
    html = render_template(
        "reading/review.html", review=review, film=review.film, older=older, newer=newer,
        related=reviews.related(review), thread=thread, comment_form=comment_form,
        replying_to=replying_to, **extra)
    return html, status, headers or {}


@bp.get("/people/<slug>")
def show_person(slug):
    """A person's page: who they are and the reviews of their films."""
    person = db.first_or_404(sa.select(Person).where(Person.slug == slug))
    roles = db.session.scalars(
        sa.select(Credit.role).where(Credit.person_id == person.id).distinct()).all()
    pagination = reviews.by_person(person.id, page_arg())
    if not pagination.items:  # credited only on unpublished reviews: not public yet
        abort(404)
    return render_review_list("reading/person.html", pagination, person=person,
                              roles=sorted(role.value for role in roles))


@bp.get("/authors/<username>")
def show_author(username):
    """An author's page: their bio and their reviews."""
    author = db.first_or_404(sa.select(User).where(
        User.username_key == username.casefold(), User.role.in_([Role.AUTHOR, Role.ADMIN])))
    return render_review_list("reading/author.html", reviews.by_author(author.id, page_arg()),
                              author=author)


@bp.get("/archive/<int:year>/")
@bp.get("/archive/<int:year>/<int:month>/")
def archive(year, month=None):
    """Reviews published in one year or one month (in the site's time zone)."""
    if not 1900 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        abort(404)
    months = month_bounds(year)
    start, end = (months[0][0], months[-1][1]) if month is None else months[month - 1]
    pagination = reviews.published_between(start, end, page_arg())
    if not pagination.items:
        abort(404)
    month_counts = reviews.counts_between(months)
    return render_review_list(
        "reading/archive.html", pagination, year=year, month=month,
        month_names=calendar.month_name, month_counts=month_counts)


def month_bounds(year: int) -> list[tuple[datetime, datetime]]:
    """The twelve months of a year as [start, end) pairs, local midnight in the site's zone."""
    zone = site_zone()
    starts = [datetime(year, m, 1, tzinfo=zone) for m in range(1, 13)]
    ends = starts[1:] + [datetime(year + 1, 1, 1, tzinfo=zone) if year < 9999 else
                         datetime(9999, 12, 31, 23, 59, tzinfo=zone)]
    return list(zip(starts, ends))


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
    """Serve an uploaded poster or portrait from the upload store."""
    response = send_from_directory(current_app.config["UPLOAD_FOLDER"], path, max_age=86_400)
    return response


@bp.get("/healthz")
def healthz():
    """A load balancer's check: the app answers and the database does too."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok"}
