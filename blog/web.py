"""Helpers every blueprint's views share: who is signed in, the page number, "load it or 404",
the role checks, and the answers to bad input (422, 409, 429, 403) with the form filled in.

In the style of flaskr's ``get_post(id, check_author=True)``: a view calls one of these and
either gets its object or never returns (the helper aborts with the right status).
"""
from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden

from blog import errors, fragments, ratelimits
from blog.conditional import conditional_response, newest
from blog.extensions import db, login_manager
from blog.models import Person, Review, ReviewRevision, Tag, User
from blog.numbers import MAX_PAGE, parse_number
from blog.services import comments, revisions, reviews, studio_people, tags, writing
from blog.services.errors import DomainError


def me() -> User:
    """The signed-in user as a model object (not Flask-Login's proxy), for the services."""
    return current_user._get_current_object()


def page_arg(largest: int = MAX_PAGE) -> int:
    """The ``page`` query argument (1 when absent); anything but a page number up to
    ``largest`` is a 404."""
    page = parse_number(request.args.get("page", "1"), largest)
    if page is None:
        abort(404)
    return page


# ---------- Who may come in ----------

def require_author(banned: str, refused: str):
    """For a blueprint's ``before_request``: anonymous visitors log in; banned accounts and
    readers who are neither authors nor admins get a 403 saying ``banned`` or ``refused``."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.is_banned:
        return forbidden(banned)
    if not current_user.is_author:
        return forbidden(refused)
    return None


# ---------- Load it, or 404 ----------

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


def review_or_404(review_id: int, check_author: bool = True) -> Review:
    """A review by id: 404 if there is none; with ``check_author``, 403 unless the signed-in
    writer may edit it."""
    review = db.get_or_404(Review, review_id)
    if check_author and not writing.can_edit(me(), review):
        abort(make_response(forbidden("You can only edit your own reviews.")))
    return review


def revision_or_404(review: Review, revision_id: int) -> ReviewRevision:
    """One of this review's revisions; 404 for a missing one or another review's."""
    try:
        return revisions.revision_of(review, revision_id)
    except revisions.RevisionError:
        abort(404)


def comment_or_404(comment_id: int):
    """A comment on a visible review that the viewer may see."""
    comment = comments.find_shown(comment_id, current_user)
    if comment is None:
        abort(404)
    return comment


def person_or_404(slug: str) -> Person:
    """The person with this slug (credits loaded, for the studio), or a 404."""
    person = studio_people.find(slug)
    if person is None:
        abort(404)
    return person


def tag_or_404(tag_id: int) -> Tag:
    """The tag with this id, or a 404."""
    return db.get_or_404(Tag, tag_id)


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


def permanent_redirect(endpoint: str):
    """A view answering 301 to ``endpoint`` with the same values and query: for near misses."""
    def view(**values):
        return redirect(url_for(endpoint, **values, **request.args.to_dict()), 301)
    view.__doc__ = f"A near miss of {endpoint}: 301 to it."
    return view


# The parts a page of review cards may give (see parts_page.html).
LIST_PARTS = ("title", "description", "head", "feeds", "social", "structured_data", "main_class",
              "content")


def render_review_list(name: str, template: str, find_page, empty_is_404: bool = True):
    """A page of review cards with their comment counts, answering 304 when unchanged.

    The page is the same for every reader, so its parts (``template``'s named sets) are kept
    between writes under ``name`` (``blog.fragments``). ``find_page()`` runs only when they are
    not: it gives the template's context, its ``pagination`` included. No cards is a 404
    unless ``empty_is_404`` is false."""
    kept = fragments.Parts(name, activity=(name,))  # the cards' comment counts
    part = kept.get_or_render(
        name, lambda: review_list_part(template, find_page(), empty_is_404))
    return conditional_response(render_template("parts_page.html", parts=part.html),
                                [part.newest])


def review_list_part(template: str, context: dict, empty_is_404: bool) -> fragments.Part:
    """The named parts of a page of review cards, and when its newest card last changed."""
    items = context["pagination"].items
    if not items and empty_is_404:
        abort(404)
    counts = reviews.comment_counts([review.id for review in items])
    parts = fragments.named_parts(template, LIST_PARTS, comment_counts=counts, **context)
    return fragments.Part(parts, newest(*(review.updated_at for review in items)))


# ---------- Answers to bad input ----------

def attach_error(form, error: DomainError) -> None:
    """Put a service's error at its field, or above the form when it names none."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def form_page(template: str, status: int = 200, headers: dict | None = None, **context):
    """Render a form page with the status the case asks for."""
    return render_template(template, **context), status, headers or {}


def field_failed(template: str, form, error: DomainError, **context):
    """Render the form again with a service's error: 422, or 409 for a conflict."""
    attach_error(form, error)
    return form_page(template, error.status, form=form, **context)


def rate_limited(template: str, error: ratelimits.RateLimited, **context):
    """Render the form again with "try again in N seconds", 429 and Retry-After."""
    return form_page(template, 429, ratelimits.retry_headers(error), alert=str(error),
                     **context)


def forbidden(message: str):
    """A 403 in the site's layout, saying why."""
    return errors.render_error(Forbidden(), message)
