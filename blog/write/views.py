"""The author's studio at /write/: the dashboard, and the review form (new, edit, publish)."""
from __future__ import annotations

from datetime import timezone

from flask import (Blueprint, abort, flash, make_response, redirect, render_template, request,
                   url_for)
from flask_login import current_user

from blog.auth.answers import attach_error, forbidden
from blog.extensions import db, login_manager
from blog.models import Film, Review, User
from blog.reading.views import page_arg
from blog.resend import RESEND_MESSAGE, renders_again
from blog.services import films, images, lookup, moderation, writing
from blog.templating import format_date, local_time, site_zone
from blog.write.forms import ConfirmForm, ReviewForm
from blog.write.uploads import pending_image, pending_token, reject_upload

bp = Blueprint("write", __name__)
bp.closed_to_banned = True  # see blog.security.refuse_banned_accounts


def me() -> User:
    """The signed-in writer as a model object, for the services."""
    return current_user._get_current_object()


@bp.before_request
def require_writer():
    """Send anonymous visitors to log in; refuse everyone but authors and admins."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.is_banned:
        return forbidden("Your account is banned, so it cannot write reviews.")
    if not current_user.is_author:
        return forbidden("Only authors and admins write reviews.")
    return None


def own_review_or_404(review_id: int) -> Review:
    """A review this writer may edit: 404 if there is none, 403 if it is someone else's."""
    review = db.session.get(Review, review_id)
    if review is None:
        abort(404)
    if not writing.can_edit(me(), review):
        abort(make_response(forbidden("You can only edit your own reviews.")))
    return review


@bp.get("/")
def dashboard():
    """Drafts, scheduled and published reviews, with comment counts and the queue's size."""
    pagination = writing.dashboard_page(me(), page_arg())
    counts = writing.comment_counts([review.id for review in pagination.items])
    return render_template("write/dashboard.html", pagination=pagination,
                           comment_counts=counts, stage=writing.stage,
                           waiting=moderation.waiting_count(me()))


@bp.route("/reviews/new", methods=["GET", "POST"])
def new_review():
    """Write a review of a film already here or of a new one."""
    form = ReviewForm()
    if request.method == "GET":
        return render_form(form, None)
    return save(form, None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
def edit_review(review_id):
    """Edit a review and its film; publish, schedule or keep it as a draft."""
    review = own_review_or_404(review_id)
    form = ReviewForm(obj=None if request.method == "POST" else FormValues(review))
    if request.method == "GET":
        return render_form(form, review)
    return save(form, review)


@renders_again("write.new_review", "write.edit_review")
def review_form_again(review_id=None):
    """The review form as sent (a chosen file is kept only if previewed), after its token was
    refused."""
    refused = require_writer()
    if refused is not None:
        return refused
    review = own_review_or_404(review_id) if review_id is not None else None
    form = ReviewForm()
    form.form_errors.append(RESEND_MESSAGE)
    return render_form(form, review, 400)


def save(form: ReviewForm, review: Review | None):
    """Validate, preview or save the review form, answering bad input as DESIGN says."""
    if not form.validate_on_submit():
        return render_form(form, review, 422)
    try:
        poster = stored_poster(form)
    except images.ImageRejected as error:
        reject_upload(form.poster, error)
        return render_form(form, review, 422)
    if form.preview.data:
        return render_form(form, review, preview=writing.preview_body(form.body.data))
    try:
        film = chosen_film(form, review)
        saved = writing.save_review(review, me(), draft_from(form), film, action_of(form),
                                    schedule_time(form), poster)
    except writing.WritingError as error:
        db.session.rollback()  # the poster stays stored and pending: sending again keeps it
        attach_error(form, error)
        return render_form(form, review, error.status)
    flash(saved_message(saved), "success")
    return redirect(url_for(".edit_review", review_id=saved.id))


def stored_poster(form: ReviewForm):
    """The poster chosen now (checked and stored) or before a preview; None if there is none.

    A new file is kept as pending in the form, so a preview or a refused save does not drop it.
    """
    upload = form.poster.data
    if not upload or not getattr(upload, "filename", ""):
        return pending_image(form.pending_poster.data, me().id)
    poster = images.store_poster(upload.stream, form.title.data)
    form.pending_poster.data = pending_token(poster, me().id)
    return poster


def chosen_film(form: ReviewForm, review: Review | None) -> Film:
    """The film named in the film field, or the one the film fields describe (new or edited)."""
    current = review.film if review is not None else None
    if form.film.data:
        film = lookup.film_named(form.film.data)
        if current is None or film.id != current.id:
            return film
    elif form.film_id.data and (current is None or form.film_id.data != current.id):
        film = db.session.get(Film, form.film_id.data)
        if film is None:
            raise writing.WritingError("Name a film that is here, or describe a new one.",
                                       "film")
        return film
    if current is not None and not films.can_edit_film(me(), current):
        if films.facts_differ(current, {name: form[name].data for name in
                                        films.describe(current)}):
            raise films.FilmLocked(films.LOCKED_MESSAGE, "film_title")
        return current  # the facts came back as shown: nothing to change
    return films.save_film(current, films.FilmFacts(
        title=form.film_title.data, original_title=form.original_title.data,
        year=form.year.data, release_date=form.release_date.data,
        runtime_minutes=form.runtime_minutes.data,
        countries=films.split_list(form.countries.data),
        languages=films.split_list(form.languages.data), synopsis=form.synopsis.data,
        language=form.language.data,
        trailer_url=form.trailer_url.data, imdb_id=form.imdb_id.data or None,
        rotten_tomatoes_url=form.rotten_tomatoes_url.data,
        letterboxd_url=form.letterboxd_url.data, directors=form.directors.data,
        writers=form.writers.data, cast=form.cast.data, watch=form.watch.data), me())


def draft_from(form: ReviewForm) -> writing.ReviewDraft:
    return writing.ReviewDraft(
        title=form.title.data, body=form.body.data, slug=form.slug.data, dek=form.dek.data,
        rating_halves=int(form.rating.data) if form.rating.data else None,
        verdict=form.verdict.data, tags=form.tags.data, comments_open=form.comments_open.data,
        poster_alt=form.poster_alt.data, remove_poster=form.remove_poster.data)


def action_of(form: ReviewForm) -> writing.Action:
    """Which button was pressed: save, publish now or schedule."""
    if form.publish.data:
        return writing.Action.PUBLISH
    if form.schedule.data:
        return writing.Action.SCHEDULE
    return writing.Action.SAVE


def schedule_time(form: ReviewForm):
    """The scheduled time typed in the site's zone, as aware UTC (None if not given)."""
    typed = form.schedule_at.data
    return typed.replace(tzinfo=site_zone()).astimezone(timezone.utc) if typed else None


def saved_message(review: Review) -> str:
    where = writing.stage(review)
    if where is writing.Stage.SCHEDULED:
        return f"Saved. It will be published on {format_date(review.published_at, True)}."
    return "Saved and published." if where is writing.Stage.PUBLISHED else "Draft saved."


def render_form(form, review, status=200, preview=None):
    """The review form page, with the review's current stage and a poster kept as pending."""
    film = review.film if review is not None else None
    return render_template("write/edit.html", form=form, review=review, preview=preview,
                           pending=pending_image(form.pending_poster.data, me().id),
                           film_locked=not films.can_edit_film(me(), film),
                           stage=writing.stage(review) if review else None), status


class FormValues:
    """An object WTForms can read a saved review's and its film's values from."""

    def __init__(self, review: Review):
        values = films.describe(review.film)
        values.update(
            title=review.title, slug=review.slug, dek=review.dek, body=review.body,
            poster_alt=review.poster_alt,
            rating=str(review.rating_halves or ""), verdict=review.verdict,
            tags=", ".join(tag.name for tag in review.tags),
            comments_open=review.comments_open, film_id=review.film_id,
            schedule_at=local_time(review.published_at).replace(tzinfo=None)
            if writing.stage(review) is writing.Stage.SCHEDULED else None)
        self.__dict__.update(values)


LOOKUPS = {"films": lookup.films, "people": lookup.people, "tags": lookup.tags}


@bp.get("/lookup/<kind>")
def find_matches(kind):
    """Films, people or tags matching ``?q=``, as JSON for the form's suggestion lists."""
    if kind not in LOOKUPS:
        abort(404)
    return {"results": LOOKUPS[kind](request.args.get("q", "")[:100])}


@bp.post("/reviews/<int:review_id>/unpublish")
def unpublish_review(review_id):
    """Take a review off the site (it becomes a draft)."""
    review = own_review_or_404(review_id)
    if ConfirmForm().validate_on_submit():
        writing.unpublish(review, me())
        flash("The review is off the site and back to being a draft.", "info")
    return redirect(url_for(".edit_review", review_id=review.id))


@bp.route("/reviews/<int:review_id>/delete", methods=["GET", "POST"])
def delete_review(review_id):
    """Delete a review, after a confirmation page."""
    review = own_review_or_404(review_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("write/delete.html", review=review, form=form)
    title = review.title
    writing.delete_review(review)
    flash(f"“{title}” is deleted.", "info")
    return redirect(url_for(".dashboard"))


# Routes kept in their own modules attach themselves to ``bp`` when imported.
from blog.write import lists, pages, people, revisions, tags  # noqa: E402,F401
