"""Writing comments: post, edit, delete and report, with the rules that keep threads clean."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from blog import sanitize
from blog.extensions import db
from blog.models import (Comment, CommentReport, CommentStatus, Review, Role, User,
                         utcnow)
from blog.services.errors import CommentConflict, CommentError, CommentForbidden, rolls_back


class AlreadyPosted(Exception):
    """The same comment form was sent before (its answer lost, or sent twice at once): the
    comment it stored is ``comment``."""

    def __init__(self, comment: Comment):
        super().__init__("This form has already been sent.")
        self.comment = comment


def token_digest(form_token: str | None) -> str | None:
    """What a comment keeps of the form token it was sent with."""
    return hashlib.sha256(form_token.encode()).hexdigest() if form_token else None


def posted_with(user: User, form_token: str | None) -> Comment | None:
    """The comment this reader already sent with this form, if any."""
    digest = token_digest(form_token)
    if digest is None:
        return None
    return db.session.scalar(sa.select(Comment).where(Comment.form_token == digest,
                                                      Comment.author_id == user.id))


def check_can_comment(review: Review, user: User) -> None:
    """Raise unless this user may write on this review now."""
    if user.is_banned:
        raise CommentForbidden("Your account has been banned from commenting.", field=None)
    if not review.comments_open:
        raise CommentConflict("Comments are closed on this review.", field=None)


def clean_text(text: str) -> str:
    """The comment as typed, without surrounding blank space; empty or too long is an error."""
    text = (text or "").strip()
    if not text:
        raise CommentError("Please write something before sending.", "body")
    limit = current_app.config["COMMENT_MAX_LENGTH"]
    if len(text) > limit:
        raise CommentError(f"Comments can be at most {limit:,} characters; "
                           f"this one has {len(text):,}.", "body")
    return text


def cleaned_html(text: str) -> str:
    """The stored HTML of a comment; a comment that sanitizes to nothing is an error."""
    html = sanitize.clean_comment(text)
    if not sanitize.plain_text(html).strip():
        raise CommentError("Nothing of this comment would show: write some words around the "
                           "markup (only a few tags, such as <em> and <a>, are kept).", "body")
    return html


def preview(text: str) -> str:
    """The cleaned HTML a comment would be stored as, for the preview button."""
    return sanitize.clean_comment((text or "").strip())


def find_parent(review: Review, parent_id: int | None) -> Comment | None:
    """The approved comment on this review being replied to (None for a new thread)."""
    if not parent_id:
        return None
    parent = db.session.get(Comment, parent_id)
    if parent is None or parent.status is not CommentStatus.APPROVED:
        raise CommentError("The comment you are replying to is no longer available.",
                           field=None)
    if parent.review_id != review.id:
        raise CommentError("The comment you are replying to belongs to another review.",
                           field=None)
    return parent


# Built once: every signed-in review page asks it, and building it cost more than running it.
HAS_COMMENTED = sa.select(sa.exists().where(Comment.author_id == sa.bindparam("user_id")))


def wants_replies_by_default(user: User, has_commented: bool | None = None) -> bool:
    """Whether the comment form's "email me replies" box starts ticked: as the reader last left
    it once they have commented, and ticked for a confirmed reader who never has
    (``has_commented``, when the caller knows it already)."""
    if user.notify_replies:
        return True
    if user.email_confirmed_at is None:
        return False
    if has_commented is None:
        has_commented = db.session.scalar(HAS_COMMENTED, {"user_id": user.id})
    return not has_commented


@rolls_back
def post_comment(review: Review, user: User, text: str, parent_id: int | None = None,
                 notify_replies: bool | None = None, form_token: str | None = None) -> Comment:
    """Store a new comment, sanitized once, published or held for moderation; the reader's
    choice about reply emails, when given, is remembered on their account.

    A comment keeps a digest of its form's single-use token, unique in the table: the same
    form sent again raises AlreadyPosted with the stored comment, even when both arrive at
    once (the second insert fails, and finds the first).
    """
    check_can_comment(review, user)
    text = clean_text(text)
    parent = find_parent(review, parent_id)
    comment = Comment(author=user, body_source=text, body_html=cleaned_html(text),
                      form_token=token_digest(form_token))
    comment.place_under(parent, current_app.config["COMMENT_MAX_DEPTH"])
    comment.status = CommentStatus.PENDING if needs_moderation(user, review, comment) else (
        CommentStatus.APPROVED)
    comment.review = review
    if notify_replies is not None:
        user.notify_replies = bool(notify_replies)
    db.session.add(comment)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        earlier = posted_with(user, form_token)
        if earlier is None:
            raise
        raise AlreadyPosted(earlier) from None
    if comment.status is CommentStatus.APPROVED:
        became_visible(comment)
    db.session.commit()
    return comment


def needs_moderation(user: User, review: Review, comment: Comment) -> bool:
    """Whether a new or edited comment waits for a moderator before readers see it."""
    if user.role in (Role.AUTHOR, Role.ADMIN) or user.id == review.author_id:
        return False
    if user.email_confirmed_at is None:
        return True
    if sanitize.count_links(comment.body_html) > current_app.config["COMMENT_MAX_LINKS"]:
        return True
    if current_app.config["COMMENT_HOLD_UNTIL_APPROVED"]:
        # The comment being edited does not count: its approval was for other words.
        approved = sa.select(Comment.id).where(Comment.author_id == user.id,
                                               Comment.status == CommentStatus.APPROVED,
                                               Comment.id != (comment.id or 0))
        return db.session.scalar(approved.limit(1)) is None
    return False


def became_visible(comment: Comment) -> None:
    """Send the notifications for a comment the first time readers can see it."""
    if comment.notified_at is not None:
        return
    comment.notified_at = utcnow()
    from blog.services import notifications

    notifications.comment_published(comment)


def check_own(comment: Comment, user: User) -> None:
    """Raise unless the user wrote this comment and may still change it."""
    if comment.author_id != user.id:
        raise CommentForbidden("You can only change your own comments.", field=None)
    if user.is_banned:
        raise CommentForbidden("Your account has been banned from commenting.", field=None)
    if comment.status is CommentStatus.DELETED:
        raise CommentConflict("This comment has been deleted.", field=None)


def edit_window_open(comment: Comment) -> bool:
    """Whether the writer may still edit (the first minutes after posting)."""
    window = timedelta(seconds=current_app.config["COMMENT_EDIT_WINDOW"])
    return utcnow() <= comment.created_at + window


@rolls_back
def edit_comment(comment: Comment, user: User, text: str) -> Comment:
    """Replace a comment's text within the edit window; it is marked as edited, and held for a
    moderator under the same rules as a new comment (an approved one cannot turn into spam)."""
    check_own(comment, user)
    if not edit_window_open(comment):
        minutes = current_app.config["COMMENT_EDIT_WINDOW"] // 60
        raise CommentConflict(f"Comments can only be edited in the first {minutes} minutes.",
                              field=None)
    text = clean_text(text)
    comment.body_source = text
    comment.body_html = cleaned_html(text)
    comment.edited_at = utcnow()
    if comment.status is CommentStatus.APPROVED and needs_moderation(user, comment.review,
                                                                     comment):
        comment.status = CommentStatus.PENDING
    db.session.commit()
    return comment


@rolls_back
def delete_comment(comment: Comment, user: User) -> None:
    """Delete one's own comment; replies stay, under a placeholder."""
    check_own(comment, user)
    remove(comment)
    db.session.commit()


def remove(comment: Comment) -> None:
    """Blank a comment's text and mark it deleted (a placeholder if it has replies)."""
    comment.status = CommentStatus.DELETED
    comment.body_source = ""
    comment.body_html = ""


@rolls_back
def report_comment(comment: Comment, user: User, reason: str) -> CommentReport:
    """Flag a comment for the moderators, once per reader."""
    if user.is_banned:
        raise CommentForbidden("Your account has been banned from reporting.", field=None)
    if comment.author_id == user.id:
        raise CommentConflict("You cannot report your own comment.", field=None)
    already = sa.select(CommentReport.id).where(CommentReport.comment_id == comment.id,
                                                CommentReport.reporter_id == user.id)
    if db.session.scalar(already) is not None:
        raise CommentConflict("You have already reported this comment. Thank you.", field=None)
    report = CommentReport(comment=comment, reporter=user, reason=(reason or "").strip())
    db.session.add(report)
    db.session.commit()
    return report
