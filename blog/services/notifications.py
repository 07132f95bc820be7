"""Emails sent when a comment becomes visible: to the review's author, and to whoever it answers.

Messages are written into the outbox in the transaction that makes the comment visible, and
sent after it commits (``services/outbox.py``): a rolled-back approval sends nothing, and a slow
mail server never holds up the moderator or the database's write lock.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, render_template

from blog import sanitize, tokens
from blog.extensions import db
from blog.models import Comment, CommentStatus, User
from blog.services import outbox
from blog.templating import absolute_url

UNSUBSCRIBE_PURPOSE = "unsubscribe"


class InvalidUnsubscribeLink(Exception):
    """An unsubscribe link that was tampered with, or whose account no longer exists."""


@dataclass
class Outgoing:
    to: str
    subject: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


# ---------- Who hears about a new comment ----------

def comment_published(comment: Comment) -> None:
    """Tell the review's author about a new comment, and the parent's writer about a reply."""
    replied_to = reply_recipient(comment)
    if replied_to is not None:
        queue(reply_message(comment, replied_to))
    author = comment.review.author
    if (current_app.config["NOTIFY_AUTHOR_OF_COMMENTS"] and author is not None
            and author.id != comment.author_id and author is not replied_to):
        queue(author_message(comment, author))


def reply_recipient(comment: Comment) -> User | None:
    """The writer of the comment this one answers, if they asked to hear about replies (and
    their address is confirmed: nobody can sign someone else up for these emails)."""
    parent = comment.parent
    if parent is None or parent.status is not CommentStatus.APPROVED:
        return None
    writer = parent.author
    if (writer is None or not writer.notify_replies or writer.is_banned
            or writer.email_confirmed_at is None or writer.id == comment.author_id):
        return None
    return writer


def one_line(text: str) -> str:
    """Text fit for a header: whitespace (line breaks included) collapsed to single spaces."""
    return " ".join(text.split())


def writer_name(comment: Comment) -> str:
    """The name a comment is signed with, also after its writer deleted their account."""
    return comment.byline


def author_message(comment: Comment, author: User) -> Outgoing:
    """The email to a review's author about a new comment on it."""
    review = comment.review
    return Outgoing(
        author.email, one_line(f"New comment on “{review.title}” by {writer_name(comment)}"),
        render_template("notifications/email/new_comment.txt", recipient=author,
                        quote=sanitize.comment_text(comment.body_html),
                        writer=writer_name(comment), review=review,
                        link=absolute_url("comments.show", comment_id=comment.id),
                        site_name=current_app.config["SITE_NAME"]))


def reply_message(comment: Comment, recipient: User) -> Outgoing:
    """The email to a commenter about a reply, with one-click unsubscribe."""
    token = unsubscribe_token(recipient)
    one_click = absolute_url("notifications.one_click_unsubscribe", token=token)
    return Outgoing(
        recipient.email,
        one_line(f"{writer_name(comment)} replied to your comment on “{comment.review.title}”"),
        render_template("notifications/email/reply.txt", recipient=recipient,
                        quote=sanitize.comment_text(comment.body_html),
                        writer=writer_name(comment), review=comment.review,
                        link=absolute_url("comments.show", comment_id=comment.id),
                        unsubscribe=absolute_url("notifications.unsubscribe", token=token),
                        site_name=current_app.config["SITE_NAME"]),
        {"List-Unsubscribe": f"<{one_click}>",
         "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


# ---------- Sending after the commit ----------

def queue(message: Outgoing) -> None:
    """Put a message in the outbox; it is sent once the current transaction commits."""
    outbox.enqueue(message.to, message.subject, message.body, message.headers)


# ---------- Unsubscribing ----------

def unsubscribe_token(user: User) -> str:
    """The signed token in a reply email's unsubscribe links; it does not expire."""
    return tokens.make_token(UNSUBSCRIBE_PURPOSE, {"user": user.id})


def user_for_token(token: str) -> User:
    """The user an unsubscribe link was made for, or InvalidUnsubscribeLink."""
    try:
        data = tokens.read_token(UNSUBSCRIBE_PURPOSE, token)
    except tokens.InvalidToken as error:
        raise InvalidUnsubscribeLink("This unsubscribe link is not valid.") from error
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) and isinstance(
        data.get("user"), int) else None
    if user is None:
        raise InvalidUnsubscribeLink("This unsubscribe link is for an account that no longer "
                                     "exists.")
    return user


def unsubscribe(token: str) -> User:
    """Stop the reply emails for the user in an unsubscribe link (again is fine)."""
    user = user_for_token(token)
    user.notify_replies = False
    db.session.commit()
    return user
