"""Writing in the conversation: post, preview, edit, delete, report, and comment permalinks."""
from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required

from blog import ratelimits, tokens
from blog.resend import RESEND_MESSAGE, renders_again
from blog.comments.forms import (CommentForm, DeleteCommentForm, EditCommentForm,
                                 ReportCommentForm)
from blog.models import Comment, CommentStatus
from blog.review_page import render_review_page
from blog.security import closed_to_banned
from blog.services import comment_drafts, comments, commenting, reviews
from blog.web import attach_error, comment_or_404

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
    earlier = commenting.posted_with(current_user, form.started.data)
    if earlier is not None:
        return sent_again(review, form, earlier)
    try:
        ratelimits.check("RATELIMIT_COMMENT", "comment", identity=str(current_user.id))
        comment = commenting.post_comment(review, current_user, form.body.data,
                                          form.parent_id.data, form.notify_replies.data,
                                          form_token=form.started.data)
    except commenting.AlreadyPosted as posted:
        return sent_again(review, form, posted.comment)
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


def sent_again(review, form: CommentForm, earlier: Comment):
    """A form sent a second time: its comment, already stored, or (when the words changed
    since) the form again, saying so, with what was typed."""
    if (earlier.status is CommentStatus.DELETED
            or earlier.body_source != (form.body.data or "").strip()):
        form.form_errors.append("This form has already been sent. Please check the "
                                "conversation, and send it again if your comment is not there.")
        return render_review_page(review, form, status=422)
    flash(HELD_MESSAGE if earlier.status is CommentStatus.PENDING else
          "Your comment had already arrived: here it is.", "success")
    return redirect(url_for(".show", comment_id=earlier.id))


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
    """The honeypot is empty, and the form's time token is this reader's, and is neither too
    young (faster than a person writes) nor too old."""
    if form.leave_blank.data:
        form.leave_blank.errors.append("Please leave this field blank; it catches robots.")
        return False
    max_age = current_app.config["COMMENT_FORM_MAX_AGE"]
    try:
        shown, seconds = tokens.token_age("comment-form", form.started.data or "", max_age)
    except tokens.InvalidToken:
        form.form_errors.append("This form is out of date. Please send it again.")
        return False
    if not isinstance(shown, dict) or (shown.get("review"), shown.get("reader")) != (
            review_id, current_user.get_id()):
        form.form_errors.append("This form is out of date. Please send it again.")
        return False
    if seconds < current_app.config["COMMENT_MIN_SECONDS"]:
        form.form_errors.append("That was quick! Please check your comment and send it again.")
        return False
    # Single use is kept by the comment itself (``commenting.post_comment``), in the database,
    # so a form sent again after a crash or to another worker still finds its first comment.
    return True


@bp.get("/comments/<int:comment_id>")
def show(comment_id):
    """A comment's permanent address: the right page of its review, at its anchor."""
    comment = comment_or_404(comment_id)
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
    comment = comment_or_404(comment_id)
    form = EditCommentForm(body=comment.body_source)
    if request.method == "GET":
        return render_edit(comment, form)
    if not form.validate_on_submit():
        return render_edit(comment, form, 422)
    try:
        commenting.edit_comment(comment, current_user, form.body.data)
    except commenting.CommentError as error:
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
    return render_edit(comment_or_404(comment_id), form, 400)


@renders_again("comments.report")
def report_again(comment_id):
    """The report page with the reason as sent, after its form token was refused."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    comment = comment_or_404(comment_id)
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
    comment = comment_or_404(comment_id)
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
    comment = comment_or_404(comment_id)
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
