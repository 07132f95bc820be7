"""A reader's own account: registering, confirming the email, resetting and changing the
password, changing the email, exporting everything and deleting it."""
from __future__ import annotations

import hashlib
import re
import smtplib
import unicodedata

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from blog import mail, tokens
from blog.extensions import db
from blog.models import (Comment, CommentReport, Review, ReviewRevision, Role, User,
                         utcnow)
from blog.services import logins
from blog.services.users import MIN_PASSWORD_LENGTH, AccountError, normalize_email
from blog.templating import absolute_url

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,30}")
USERNAME_RULE = "Usernames are 3 to 30 characters: letters a–z, digits, _ and -."
DISPLAY_NAME_MAX = 80
# Bidirectional overrides and isolates can make a name read as someone else's.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class FieldError(AccountError):
    """A rule broken by one form field; ``status`` is the HTTP answer the view gives."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message, field)


class AccountConflict(FieldError):
    """The change clashes with what exists: a taken name or address, reviews still owned."""

    status = 409


class InvalidLink(AccountError):
    """A link from an email is tampered with, expired, already used or out of date."""


# ---------- Registering and confirming ----------

def check_username(username: str) -> str:
    """The username without surrounding space, if it follows the rules."""
    username = (username or "").strip()
    if not USERNAME_PATTERN.fullmatch(username):
        raise FieldError("username", USERNAME_RULE)
    return username


def check_new_password(password: str, field: str = "password") -> str:
    """The password, if it is long enough."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise FieldError(field, f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    return password


def clean_email(email: str, field: str = "email") -> str:
    """The normalized address, or a FieldError saying what is wrong with it."""
    try:
        return normalize_email(email or "")
    except AccountError as error:
        raise FieldError(field, str(error)) from error


def check_email_free(email: str, hint: str = "") -> None:
    """Raise if another account already uses this address."""
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        raise AccountConflict("email", f"An account already uses that email address.{hint}")


def register(username: str, email: str, password: str) -> User:
    """Create an unconfirmed commenter; raise FieldError for broken rules or taken names."""
    username = check_username(username)
    email = clean_email(email)
    check_new_password(password)
    if db.session.scalar(sa.select(User.id).where(
            User.username_key == username.casefold())) is not None:
        raise AccountConflict("username", "That username is taken. Please choose another.")
    check_email_free(email, " You can log in, or reset your password if you forgot it.")
    user = User(username=username, username_key=username.casefold(), email=email,
                role=Role.COMMENTER)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:  # another request took the name or address meanwhile
        db.session.rollback()
        raise AccountConflict(None, "That username or email address was just registered. "
                                    "Please choose another.") from error
    return user


def duration_text(seconds: int) -> str:
    """How long a link works, in words: "2 hours", "7 days", "30 minutes"."""
    if seconds >= 2 * 86_400:
        return f"{seconds // 86_400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{max(1, seconds // 60)} minutes"


def deliver(to: str, subject: str, template: str, **context) -> bool:
    """Send a plain-text email from a template; log and return False if the server fails."""
    body = render_template(template, site_name=current_app.config["SITE_NAME"], **context)
    try:
        mail.send_mail(to, subject, body)
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception("could not send %r to a user", subject)
        return False
    return True


def send_confirmation(user: User) -> bool:
    """Email the user a signed link that confirms their address."""
    token = tokens.make_token("confirm-email", {"user": user.id, "email": user.email})
    return deliver(user.email, "Please confirm your email address", "auth/email/confirm.txt",
                   user=user, link=absolute_url("auth.confirm_email", token=token),
                   valid_for=duration_text(current_app.config["EMAIL_CONFIRM_MAX_AGE"]))


def read_link(purpose: str, token: str, max_age_setting: str) -> dict:
    """The data signed into a link, or InvalidLink saying why it cannot be used."""
    try:
        data = tokens.read_token(purpose, token, current_app.config[max_age_setting])
    except tokens.InvalidToken as error:
        raise InvalidLink(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise InvalidLink("This link is not valid.")
    return data


def confirm_email(token: str) -> User:
    """Mark the address in a confirmation link as confirmed (again is fine)."""
    data = read_link("confirm-email", token, "EMAIL_CONFIRM_MAX_AGE")
    user = db.session.get(User, data["user"])
    if user is None or user.email != data.get("email"):
        raise InvalidLink("This link is for an address the account no longer uses.")
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
    return user


# ---------- Forgotten passwords ----------

def password_fingerprint(user: User) -> str:
    """A short digest of the password hash: a reset link dies once the password changes."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """Email a reset link if an account uses this address; say nothing either way."""
    user = db.session.scalar(sa.select(User).where(User.email == clean_email(email)))
    if user is None:
        return
    # Bound to the address and the password: a change of either makes the link useless.
    token = tokens.make_token("reset-password", {"user": user.id, "email": user.email,
                                                 "pw": password_fingerprint(user)})
    deliver(user.email, "Reset your password", "auth/email/reset.txt", user=user,
            link=absolute_url("auth.reset_password", token=token),
            valid_for=duration_text(current_app.config["PASSWORD_RESET_MAX_AGE"]))


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


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link, ending every session of the account."""
    user = user_for_reset(token)
    check_new_password(new_password)
    user.set_password(new_password)
    logins.end_all(user)
    # The link came through the inbox, which proves the address as well as a confirmation.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    db.session.commit()
    return user


# ---------- Changes made on the account page ----------

def check_password(user: User, password: str, field: str = "password") -> None:
    """Raise unless ``password`` is the user's current one."""
    if not user.check_password(password or ""):
        raise FieldError(field, "That is not your current password.")


def change_display_name(user: User, display_name: str) -> None:
    """Set the name shown on comments (empty shows the username)."""
    name = " ".join((display_name or "").split())
    if len(name) > DISPLAY_NAME_MAX:
        raise FieldError("display_name", f"Use at most {DISPLAY_NAME_MAX} characters.")
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in name):
        raise FieldError("display_name", "Please use only visible characters.")
    user.display_name = name
    db.session.commit()


def request_email_change(user: User, password: str, new_email: str) -> str:
    """Email a link to the new address; the change happens only when it is opened."""
    check_password(user, password)
    new_email = clean_email(new_email)
    if new_email == user.email:
        raise FieldError("email", "That is already your address.")
    check_email_free(new_email)
    token = tokens.make_token("change-email",
                              {"user": user.id, "old": user.email, "new": new_email})
    if not deliver(new_email, "Confirm your new email address", "account/email/change.txt",
                   user=user, new_email=new_email,
                   link=absolute_url("account.confirm_email_change", token=token),
                   valid_for=duration_text(current_app.config["EMAIL_CONFIRM_MAX_AGE"])):
        raise FieldError("email", "We could not send the email just now. Please try again "
                                  "later.")
    return new_email


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
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise InvalidLink("Another account has started using that address since the link "
                          "was sent.") from error
    deliver(old_email, "Your email address was changed", "account/email/changed.txt",
            user=user, old_email=old_email)
    return user


def change_password(user: User, current: str, new_password: str) -> None:
    """Replace the password after checking the current one; every other login of it ends."""
    check_password(user, current, field="current_password")
    check_new_password(new_password, field="new_password")
    user.set_password(new_password)
    logins.end_all(user, keep=user.login_token)
    db.session.commit()


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
    }


def deletion_blocker(user: User) -> str | None:
    """Why this account cannot be deleted yet, or None."""
    owns_reviews = db.session.scalar(
        sa.select(Review.id).where(Review.author_id == user.id).limit(1)) is not None
    if owns_reviews:
        return ("Your account still has reviews. Please ask an admin to reassign them to "
                "another author first.")
    if user.role is Role.ADMIN and db.session.scalar(
            sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN)) <= 1:
        return "You are the only admin. Please make someone else an admin first."
    return None


def delete_account(user: User, password: str) -> None:
    """Delete the user after a password check; their comments stay as "[deleted user]"."""
    check_password(user, password)
    blocker = deletion_blocker(user)
    if blocker:
        raise AccountConflict(None, blocker)
    # Done here as well as by ON DELETE, so it never depends on SQLite's foreign-key pragma.
    db.session.execute(sa.update(Comment).where(Comment.author_id == user.id)
                       .values(author_id=None))
    db.session.execute(sa.delete(CommentReport).where(CommentReport.reporter_id == user.id))
    logins.end_all(user)
    db.session.execute(sa.update(ReviewRevision).where(ReviewRevision.editor_id == user.id)
                       .values(editor_id=None))
    db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()
