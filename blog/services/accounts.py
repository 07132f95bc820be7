"""A reader's own account: registering, confirming the email, resetting and changing the
password, changing the email, exporting everything and deleting it."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from blog import tokens
from blog.extensions import db
from blog.models import (Comment, CommentReport, FilmList, Review, ReviewRevision, Role, User,
                         utcnow)
from blog.services import logins, outbox, ratings, users
from blog.services.errors import AccountConflict, FieldError, InvalidLink, rolls_back
from blog.services.identity import check_display_name, check_new_password, clean_email


# ---------- Registering and confirming ----------

def claim_guest_comments(user: User) -> int:
    """Make the imported guest comments left with ``user``'s confirmed address theirs (in the
    caller's transaction); how many were claimed."""
    if not user.email or user.email_confirmed_at is None:
        return 0
    result = db.session.execute(
        sa.update(Comment).where(Comment.guest_email == user.email, Comment.author_id.is_(None))
        .values(author_id=user.id, guest_email="", guest_name=""))
    return result.rowcount or 0


def check_email_free(email: str, hint: str = "") -> None:
    """Raise if another account already uses this address."""
    if users.email_in_use(email) is not None:
        raise AccountConflict(f"An account already uses that email address.{hint}", "email")


@rolls_back
def register(username: str, email: str, password: str) -> None:
    """Open an unconfirmed commenter account and mail its confirmation link; if the address
    is already registered, mail its owner how to sign in instead.

    Both cases look the same to whoever sent the form (the same answer, the same work: a
    password is hashed and a message queued either way), so the form cannot be used to find
    out who has an account. Rules broken by the typed values raise FieldError as usual.
    """
    owner = users.email_in_use(clean_email(email))
    user = users.new_user(username, email, password)
    if owner is not None:
        db.session.expunge(user)
        queue_mail(owner.email, "You already have an account", "auth/email/registered.txt",
                   user=owner)
    else:
        db.session.flush()
        queue_confirmation(user)
    try:
        db.session.commit()
    except IntegrityError as error:  # another request took the name or address meanwhile
        db.session.rollback()
        raise AccountConflict("That username or email address was just registered. "
                              "Please choose another.") from error


def duration_text(seconds: int) -> str:
    """How long a link works, in words: "2 hours", "7 days", "30 minutes"."""
    if seconds >= 2 * 86_400:
        return f"{seconds // 86_400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{max(1, seconds // 60)} minutes"


def queue_mail(to: str, subject: str, template: str, **context) -> None:
    """Put a plain-text email from a template into the outbox; it is sent after the commit."""
    body = render_template(template, site_name=current_app.config["SITE_NAME"], **context)
    outbox.enqueue(to, subject, body)


def queue_confirmation(user: User) -> None:
    """Queue an email with a signed link that confirms the user's address."""
    token = tokens.make_token("confirm-email", {"user": user.id, "email": user.email})
    queue_mail(user.email, "Please confirm your email address", "auth/email/confirm.txt",
               user=user, token=token,
               valid_for=duration_text(current_app.config["EMAIL_CONFIRM_MAX_AGE"]))


@rolls_back
def send_confirmation(user: User) -> None:
    """Send the confirmation link (again) to a signed-in user."""
    queue_confirmation(user)
    db.session.commit()


def read_link(purpose: str, token: str, max_age_setting: str) -> dict:
    """The data signed into a link, or InvalidLink saying why it cannot be used."""
    try:
        data = tokens.read_token(purpose, token, current_app.config[max_age_setting])
    except tokens.InvalidToken as error:
        raise InvalidLink(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise InvalidLink("This link is not valid.")
    return data


@rolls_back
def confirm_email(token: str) -> User:
    """Mark the address in a confirmation link as confirmed (again is fine)."""
    data = read_link("confirm-email", token, "EMAIL_CONFIRM_MAX_AGE")
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("email"):
        raise InvalidLink("This link is for an address the account no longer uses.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        claim_guest_comments(user)
        db.session.commit()
    return user


# ---------- Forgotten passwords ----------

def password_fingerprint(user: User) -> str:
    """A short digest of the password hash: a reset link dies once the password changes."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


@rolls_back
def request_password_reset(email: str) -> None:
    """Email a reset link if an account uses this address; say nothing either way."""
    user = users.email_in_use(clean_email(email))
    if user is None:
        return
    # Bound to the address and the password: a change of either makes the link useless.
    token = tokens.make_token("reset-password", {"user": user.id, "email": user.email,
                                                 "pw": password_fingerprint(user)})
    queue_mail(user.email, "Reset your password", "auth/email/reset.txt", user=user,
               token=token,
               valid_for=duration_text(current_app.config["PASSWORD_RESET_MAX_AGE"]))
    db.session.commit()


def user_for_reset(token: str) -> User:
    """The user a reset link is for, while it is fresh and unused."""
    data = read_link("reset-password", token, "PASSWORD_RESET_MAX_AGE")
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("email"):
        raise InvalidLink("This link was sent to an address the account no longer uses.")
    if data.get("pw") != password_fingerprint(user):
        raise InvalidLink("This link has already been used, or the password has changed "
                          "since it was sent.")
    return user


@rolls_back
def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link, ending every session of the account."""
    user = user_for_reset(token)
    check_new_password(new_password, user_inputs=(user.username, user.email, user.display_name))
    user.set_password(new_password)
    logins.end_all(user)
    # The link came through the inbox, which proves the address as well as a confirmation.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        claim_guest_comments(user)
    db.session.commit()
    return user


# ---------- Changes made on the account page ----------

def check_password(user: User, password: str, field: str = "password") -> None:
    """Raise unless ``password`` is the user's current one."""
    if not user.check_password(password or ""):
        raise FieldError("That is not your current password.", field)


@rolls_back
def change_display_name(user: User, display_name: str) -> None:
    """Set the name shown on comments (empty shows the username)."""
    user.display_name = check_display_name(display_name, user.role, user.id)
    db.session.commit()


@rolls_back
def request_email_change(user: User, password: str, new_email: str) -> str:
    """Email a link to the new address; the change happens only when it is opened."""
    check_password(user, password)
    new_email = clean_email(new_email)
    if new_email == user.email:
        raise FieldError("That is already your address.", "email")
    check_email_free(new_email)
    token = tokens.make_token("change-email",
                              {"user": user.id, "old": user.email, "new": new_email})
    queue_mail(new_email, "Confirm your new email address", "account/email/change.txt",
               user=user, new_email=new_email,
               token=token,
               valid_for=duration_text(current_app.config["EMAIL_CONFIRM_MAX_AGE"]))
    db.session.commit()
    return new_email


@rolls_back
def apply_email_change(token: str) -> User:
    """Switch the account to the address in a change link, and tell the old address."""
    data = read_link("change-email", token, "EMAIL_CONFIRM_MAX_AGE")
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("old") or not data.get("new"):
        raise InvalidLink("This link has already been used, or the account's address has "
                          "changed since it was sent.")
    old_email, user.email = user.email, data["new"]
    user.email_confirmed_at = utcnow()
    try:
        db.session.flush()  # the address must still be free: checked before any mail is queued
    except IntegrityError as error:
        db.session.rollback()
        raise InvalidLink("Another account has started using that address since the link "
                          "was sent.") from error
    claim_guest_comments(user)
    queue_mail(old_email, "Your email address was changed", "account/email/changed.txt",
               user=user, old_email=old_email)
    db.session.commit()
    return user


@rolls_back
def change_password(user: User, current: str, new_password: str) -> None:
    """Replace the password after checking the current one; every other login of it ends."""
    check_password(user, current, field="current_password")
    check_new_password(new_password, field="new_password",
                       user_inputs=(user.username, user.email, user.display_name))
    user.set_password(new_password)
    logins.end_all(user, keep=user.login_token)
    db.session.commit()


@rolls_back
def set_reply_notifications(user: User, wanted: bool) -> None:
    """Switch the emails about replies to the user's comments on or off."""
    user.notify_replies = bool(wanted)
    db.session.commit()


# ---------- The user's data ----------

def iso(moment) -> str | None:
    """A stored time as ISO 8601 text for the export."""
    return moment.isoformat() if moment else None


def export_data(user: User) -> dict:
    """Everything stored about the user, except the password hash, as JSON-ready data."""
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.author_id == user.id)
        .options(selectinload(Comment.review)).order_by(Comment.created_at, Comment.id))
    reports = db.session.scalars(
        sa.select(CommentReport).where(CommentReport.reporter_id == user.id)
        .order_by(CommentReport.created_at, CommentReport.id))
    return {
        "exported_at": iso(utcnow()),
        "site": current_app.config["SITE_URL"],
        "profile": {
            "username": user.username, "email": user.email, "display_name": user.display_name,
            "bio": user.bio, "role": user.role.value, "created_at": iso(user.created_at),
            "email_confirmed_at": iso(user.email_confirmed_at), "is_banned": user.is_banned,
            "notify_replies": user.notify_replies,
        },
        "comments": [{
            "id": comment.id, "review": {"slug": comment.review.slug,
                                         "title": comment.review.title},
            "parent_id": comment.parent_id, "status": comment.status.value,
            "created_at": iso(comment.created_at), "edited_at": iso(comment.edited_at),
            "body_source": comment.body_source,
        } for comment in comments],
        "reports": [{
            "comment_id": report.comment_id, "reason": report.reason,
            "created_at": iso(report.created_at),
        } for report in reports],
        "ratings": ratings.export(user),
    }


def deletion_blocker(user: User) -> str | None:
    """Why this account cannot be deleted yet, or None."""
    owns_reviews = db.session.scalar(
        sa.select(Review.id).where(Review.author_id == user.id).limit(1)) is not None
    if owns_reviews:
        return ("Your account still has reviews. Please ask an admin to reassign them to "
                "another author first.")
    owns_lists = db.session.scalar(
        sa.select(FilmList.id).where(FilmList.author_id == user.id).limit(1)) is not None
    if owns_lists:
        return ("Your account still has lists. Please delete them in the studio, or ask an "
                "admin to reassign them, first.")
    if user.role is Role.ADMIN and db.session.scalar(
            sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN)) <= 1:
        return "You are the only admin. Please make someone else an admin first."
    return None


@rolls_back
def delete_account(user: User, password: str) -> None:
    """Delete the user after a password check; their comments stay as "[deleted user]"."""
    check_password(user, password)
    blocker = deletion_blocker(user)
    if blocker:
        raise AccountConflict(blocker)
    # Done here as well as by ON DELETE, so it never depends on SQLite's foreign-key pragma.
    db.session.execute(sa.update(Comment).where(Comment.author_id == user.id)
                       .values(author_id=None))
    db.session.execute(sa.delete(CommentReport).where(CommentReport.reporter_id == user.id))
    ratings.forget_all(user)  # and the reviews' readers' averages lose them
    logins.end_all(user)
    db.session.execute(sa.update(ReviewRevision).where(ReviewRevision.editor_id == user.id)
                       .values(editor_id=None))
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
