"""Writing in the conversation: post, preview, edit, delete, report, and comment permalinks."""
from datetime import datetime, timedelta

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required

from blog import ratelimits, tokens
from blog.resend import RESEND_MESSAGE, renders_again
from blog.auth.answers import attach_error
from blog.comments.forms import (CommentForm, DeleteCommentForm, EditCommentForm,
                                 ReportCommentForm)
from blog.extensions import db
from blog.models import Comment, CommentStatus, utcnow
from blog.reading.views import render_review_page
from blog.security import closed_to_banned
from blog.services import comment_drafts, comments, commenting, reviews

bp = Blueprint("comments", __name__)

HELD_MESSAGE = "Thank you! Your comment is awaiting moderation and will appear once approved."


@bp.post("/reviews/<slug>/comments")
@closed_to_banned
def create(slug):
    """Post a comment or a reply (or show a preview of it)."""
    review, form = review_and_form(slug)
    if not current_user.is_authenticated:
        return sign_in_first(review, form)
    if not form.validate_on_submit() or not passes_spam_checks(form, review.id):
        return render_review_page(review, form, status=422)
    if form.preview.data:
        return render_review_page(review, form, preview=commenting.preview(form.body.data))
    try:
        ratelimits.check("RATELIMIT_COMMENT", "comment", identity=str(current_user.id))
        comment = commenting.post_comment(review, current_user, form.body.data,
                                          form.parent_id.data, form.notify_replies.data,
                                          form_shown_at(form))
    except ratelimits.RateLimited as error:
        form.form_errors.append(str(error))
        return render_review_page(review, form, 429, ratelimits.retry_headers(error))
    except commenting.CommentError as error:
        attach_error(form, error)
        return render_review_page(review, form, status=error.status)
    comment_drafts.forget_expired()
    flash(HELD_MESSAGE if comment.status is CommentStatus.PENDING else
          "Your comment is published.", "success")
    return redirect(url_for(".show", comment_id=comment.id))


def review_and_form(slug):
    """The visible review a comment is sent to (else 404), and the comment form as sent."""
    review = reviews.find_visible(slug)
    if review is None:
        abort(404)
    return review, CommentForm()


@renders_again("comments.create")
def create_again(slug):
    """The review page with the comment as sent, after its form token was refused."""
    review, form = review_and_form(slug)
    if not current_user.is_authenticated:
        return sign_in_first(review, form)
    form.form_errors.append(RESEND_MESSAGE)
    return render_review_page(review, form, status=400)


def sign_in_first(review, form: CommentForm):
    """Send a reader whose session ended to log in, keeping what they wrote for the review."""
    text = (form.body.data or "")[:2 * current_app.config["COMMENT_MAX_LENGTH"]]
    token = None
    if text.strip():
        try:  # anyone can send this form: bound how many drafts one address can leave
            ratelimits.check("RATELIMIT_COMMENT", "comment-draft")
            token = comment_drafts.keep(review, text, form.parent_id.data)
        except ratelimits.RateLimited:
            token = None
    if token:
        flash("Please log in to post your comment: it is kept for you, and will be in the "
              "comment box when you come back.", "info")
    back = url_for("reading.show_review", slug=review.slug, draft=token,
                   reply_to=form.parent_id.data if form.parent_id.data else None,
                   _anchor="respond")
    return redirect(url_for("auth.login", next=back))


def passes_spam_checks(form: CommentForm, review_id: int) -> bool:
    """The honeypot is empty, and the form's time token is this reader's, is neither too
    young (faster than a person writes) nor too old, and has not been used before."""
    if form.leave_blank.data:
        form.leave_blank.errors.append("Please leave this field blank; it catches robots.")
        return False
    max_age = current_app.config["COMMENT_FORM_MAX_AGE"]
    try:
        shown, seconds = tokens.token_age("comment-form", form.started.data or "", max_age)
    except tokens.InvalidToken:
        form.form_errors.append("This form is out of date. Please send it again.")
        return False
    if shown != {"review": review_id, "reader": current_user.get_id()}:
        form.form_errors.append("This form is out of date. Please send it again.")
        return False
    if seconds < current_app.config["COMMENT_MIN_SECONDS"]:
        form.form_errors.append("That was quick! Please check your comment and send it again.")
        return False
    if not form.preview.data:
        try:
            tokens.spend_token("comment-form", form.started.data, max_age)
        except tokens.InvalidToken:
            form.form_errors.append("This form has already been sent. Please check the "
                                    "conversation, and send it again if your comment is "
                                    "not there.")
            return False
    return True


def form_shown_at(form: CommentForm) -> datetime | None:
    """When the comment form was shown (its time token was signed, in whole seconds); None
    when the token cannot be read."""
    try:
        _, seconds = tokens.token_age("comment-form", form.started.data or "")
    except tokens.InvalidToken:
        return None
    return utcnow() - timedelta(seconds=seconds)


def own_comment_or_404(comment_id: int) -> Comment:
    """A comment on a visible review that the viewer may see."""
    comment = comments.find_shown(comment_id, current_user)
    if comment is None:
        abort(404)
    return comment


@bp.get("/comments/<int:comment_id>")
def show(comment_id):
    """A comment's permanent address: the right page of its review, at its anchor."""
    comment = own_comment_or_404(comment_id)
    order = request.args.get("order", "oldest")
    page = comments.page_of(comment, current_user, order if order in comments.ORDERS else
                            "oldest")
    return redirect(url_for("reading.show_review", slug=comment.review.slug,
                            page=page if page > 1 else None,
                            _anchor=f"comment-{comment.id}"))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@closed_to_banned
@login_required
def edit(comment_id):
    """Edit one's own comment in the first minutes after posting."""
    comment = own_comment_or_404(comment_id)
    form = EditCommentForm(body=comment.body_source)
    if request.method == "GET":
        return render_edit(comment, form)
    if not form.validate_on_submit():
        return render_edit(comment, form, 422)
    try:
        commenting.edit_comment(comment, current_user, form.body.data)
    except commenting.CommentError as error:
        db.session.rollback()
        attach_error(form, error)
        return render_edit(comment, form, error.status)
    flash(HELD_MESSAGE if comment.status is CommentStatus.PENDING else
          "Your comment is updated.", "success")
    return redirect(url_for(".show", comment_id=comment.id))


@renders_again("comments.edit")
def edit_again(comment_id):
    """The edit page with the text as sent, after its form token was refused."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    form = EditCommentForm()
    form.form_errors.append(RESEND_MESSAGE)
    return render_edit(own_comment_or_404(comment_id), form, 400)


@renders_again("comments.report")
def report_again(comment_id):
    """The report page with the reason as sent, after its form token was refused."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    comment = own_comment_or_404(comment_id)
    if current_user.is_banned:
        abort(403)
    form = ReportCommentForm()
    form.form_errors.append(RESEND_MESSAGE)
    return render_template("comments/report.html", comment=comment, form=form), 400


def render_edit(comment, form, status=200):
    """The edit page; refused outright when the comment is not the viewer's."""
    try:
        commenting.check_own(comment, current_user)
    except commenting.CommentError as error:
        abort(error.status)
    open_ = commenting.edit_window_open(comment)
    if request.method == "GET" and not open_:
        status = 409
        form.form_errors.append("The time for editing this comment is over.")
    return render_template("comments/edit.html", comment=comment, form=form,
                           window_open=open_), status


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@closed_to_banned
@login_required
def delete(comment_id):
    """Delete one's own comment after a confirmation step."""
    comment = own_comment_or_404(comment_id)
    form = DeleteCommentForm()
    try:
        commenting.check_own(comment, current_user)
    except commenting.CommentError as error:
        abort(error.status)
    if not form.validate_on_submit():
        return render_template("comments/delete.html", comment=comment, form=form)
    commenting.delete_comment(comment, current_user)
    flash("Your comment is deleted.", "info")
    return redirect(url_for("reading.show_review", slug=comment.review.slug,
                            _anchor="comments"))


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@closed_to_banned
@login_required
def report(comment_id):
    """Report someone else's comment to the moderators, once."""
    comment = own_comment_or_404(comment_id)
    if current_user.is_banned:
        abort(403)
    form = ReportCommentForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            ratelimits.check("RATELIMIT_REPORT", "report", identity=str(current_user.id))
            commenting.report_comment(comment, current_user, form.reason.data)
        except ratelimits.RateLimited as error:
            form.form_errors.append(str(error))
            return render_template("comments/report.html", comment=comment, form=form), 429, \
                ratelimits.retry_headers(error)
        except commenting.CommentError as error:
            attach_error(form, error)
            return render_template("comments/report.html", comment=comment, form=form), \
                error.status
        flash("Thank you. The moderators will take a look.", "success")
        return redirect(url_for(".show", comment_id=comment.id))
    status = 422 if request.method == "POST" else 200
    return render_template("comments/report.html", comment=comment, form=form), status


@bp.app_template_global("comment_editable")
def comment_editable(comment: Comment) -> bool:
    """For templates: whether to offer the Edit link on one's own comment."""
    return commenting.edit_window_open(comment)
