"""Readers rating a review: give or change a half-star rating, or take it back."""
from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user

from blog import ratelimits
from blog.comments.box import comment_form_for
from blog.rating_forms import RatingForm, RemoveRatingForm
from blog.review_page import render_review_page
from blog.resend import RESEND_MESSAGE, renders_again
from blog.security import closed_to_banned
from blog.services import ratings, reviews
from blog.web import attach_error

bp = Blueprint("ratings", __name__)


def visible_review(slug):
    """The visible review being rated, else 404."""
    review = reviews.find_visible(slug)
    if review is None:
        abort(404)
    return review


def sign_in_first(review):
    """Send a visitor to log in, then back to the review's rating form (a POST address would
    mean nothing to come back to)."""
    back = url_for("reading.show_review", slug=review.slug, _anchor="readers-rating")
    return redirect(url_for("auth.login", next=back))


def page_with_rating_error(review, form: RatingForm, status: int, headers=None):
    """The review page again, the rating form showing what went wrong."""
    return render_review_page(review, comment_form_for(review), status=status,
                              headers=headers, rating_form=form)


@bp.post("/reviews/<slug>/rating")
@closed_to_banned
def rate(slug):
    """Give this review a rating, or change the one given."""
    review = visible_review(slug)
    if not current_user.is_authenticated:
        return sign_in_first(review)
    form = RatingForm()
    if not form.validate_on_submit():
        return page_with_rating_error(review, form, 422)
    try:
        ratelimits.check("RATELIMIT_RATING", "rating", identity=str(current_user.id))
        ratings.rate(review, current_user, form.halves.data)
    except ratelimits.RateLimited as error:
        form.form_errors.append(str(error))
        return page_with_rating_error(review, form, 429, ratelimits.retry_headers(error))
    except ratings.RatingError as error:
        attach_error(form, error)
        return page_with_rating_error(review, form, error.status)
    flash(f"Your rating of {form.halves.data / 2:g} out of 5 is saved.", "success")
    return redirect(url_for("reading.show_review", slug=review.slug, _anchor="readers-rating"))


@bp.post("/reviews/<slug>/rating/remove")
@closed_to_banned
def remove(slug):
    """Take back one's rating of this review."""
    review = visible_review(slug)
    if not current_user.is_authenticated:
        return sign_in_first(review)
    form = RemoveRatingForm()
    if not form.validate_on_submit():
        abort(400)
    if ratings.remove(review, current_user):
        flash("Your rating is removed.", "info")
    else:
        flash("You had not rated this review.", "info")
    return redirect(url_for("reading.show_review", slug=review.slug, _anchor="readers-rating"))


@renders_again("ratings.rate", "ratings.remove")
def rate_again(slug):
    """The review page with the rating as chosen, after its form token was refused."""
    review = visible_review(slug)
    if not current_user.is_authenticated:
        return sign_in_first(review)
    form = RatingForm()
    form.form_errors.append(RESEND_MESSAGE)
    return page_with_rating_error(review, form, 400)


@bp.app_template_filter("star_glyphs")
def star_glyphs(halves: int | None) -> str:
    """A half-step rating drawn in characters: 7 is "★★★½"."""
    if not halves:
        return ""
    return "★" * (halves // 2) + ("½" if halves % 2 else "")
