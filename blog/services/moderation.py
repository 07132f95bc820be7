"""Keeping conversations clean: the moderation queue, its actions, and users' roles and bans."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.pagination import window
from blog.models import Comment, CommentReport, CommentStatus, Review, Role, User
from blog.services import commenting, logins, ratings
from blog.services.errors import ModerationConflict, ModerationForbidden, rolls_back

TABS = ("pending", "reported", "spam")
# A report asks for a look at something readers can see (or are about to); once a comment is
# spam or deleted, its reports have been dealt with.
REPORTABLE = (CommentStatus.APPROVED, CommentStatus.PENDING)


@dataclass
class QueueCounts:
    """How many comments each tab of the moderation queue holds."""

    pending: int
    reported: int
    spam: int

    @property
    def waiting(self) -> int:
        """What asks for a moderator's attention: pending and reported comments."""
        return self.pending + self.reported


# ---------- Who may moderate what ----------

def is_moderator(user: User | None) -> bool:
    """Whether the user may open the moderation queue (authors and admins, unless banned)."""
    return bool(user is not None and user.is_authenticated and user.is_author
                and not user.is_banned)


def is_user_admin(user: User | None) -> bool:
    """Whether the user may manage users (admins, unless banned)."""
    return is_moderator(user) and user.is_admin


def within_reach(user: User):
    """The SQL condition on Review for the comments this moderator looks after."""
    return sa.true() if user.is_admin else Review.author_id == user.id


def check_can_moderate(user: User, comment: Comment) -> None:
    """Raise unless the user moderates this comment's review (their own, or any for admins)."""
    if not is_moderator(user) or not (user.is_admin or comment.review.author_id == user.id):
        raise ModerationForbidden("You can moderate comments on your own reviews only.")


# ---------- The queue ----------

def has_open_reports():
    """The SQL condition: a comment readers can see has reports nobody has dealt with yet."""
    reported = sa.select(CommentReport.id).where(CommentReport.comment_id == Comment.id)
    return sa.and_(Comment.status.in_(REPORTABLE), reported.exists())


def tab_condition(tab: str):
    """The SQL condition for the comments listed under one tab of the queue."""
    if tab == "pending":
        return Comment.status == CommentStatus.PENDING
    if tab == "spam":
        return Comment.status == CommentStatus.SPAM
    return has_open_reports()


def queue_counts(user: User) -> QueueCounts:
    """How many comments each tab of this moderator's queue holds, in one query."""
    row = db.session.execute(
        sa.select(*(sa.func.count(Comment.id).filter(tab_condition(tab)) for tab in TABS))
        .join(Comment.review).where(within_reach(user))).one()
    return QueueCounts(*row)


def waiting_count(user: User) -> int:
    """The number shown beside "Moderation" in the menu: pending plus reported, one query."""
    return db.session.scalar(
        sa.select(sa.func.count(Comment.id)).join(Comment.review)
        .where(within_reach(user),
               sa.or_(Comment.status == CommentStatus.PENDING, has_open_reports())))


def waiting_count_if_reachable(user: User) -> int | None:
    """``waiting_count``, or None (the session rolled back) when the database fails: the
    menu, and with it every error page, must render with the database down."""
    try:
        return waiting_count(user)
    except SQLAlchemyError:
        db.session.rollback()
        return None


def queue_page(user: User, tab: str, page: int):
    """One page of a queue tab, with what each row shows loaded up front."""
    query = (sa.select(Comment).join(Comment.review)
             .where(within_reach(user), tab_condition(tab))
             .options(selectinload(Comment.author), selectinload(Comment.review)))
    if tab == "reported":
        tally = (sa.select(CommentReport.comment_id,
                           sa.func.count(CommentReport.id).label("reports"),
                           sa.func.max(CommentReport.created_at).label("latest"))
                 .group_by(CommentReport.comment_id).subquery())
        query = (query.join(tally, tally.c.comment_id == Comment.id)
                 .options(selectinload(Comment.reports).selectinload(CommentReport.reporter))
                 .order_by(tally.c.reports.desc(), tally.c.latest.desc(), Comment.id.desc()))
    else:
        query = query.order_by(Comment.created_at.desc(), Comment.id.desc())
    return window(query, page, current_app.config["MODERATION_PER_PAGE"],
                  missing_is_404=False)


# ---------- Acting on comments ----------

def clear_reports(comment: Comment) -> None:
    """Drop a comment's reports: a moderator has looked at it."""
    db.session.execute(sa.delete(CommentReport).where(CommentReport.comment_id == comment.id))


def check_not_deleted(comment: Comment) -> None:
    """Raise if the comment is already deleted (its text is gone)."""
    if comment.status is CommentStatus.DELETED:
        raise ModerationConflict("This comment has been deleted; there is nothing left to "
                                 "moderate.")


@rolls_back
def approve(comment: Comment, moderator: User) -> None:
    """Publish a held or spam comment, or dismiss the reports on a visible one."""
    check_can_moderate(moderator, comment)
    check_not_deleted(comment)
    comment.status = CommentStatus.APPROVED
    clear_reports(comment)
    commenting.became_visible(comment)
    db.session.commit()


@rolls_back
def mark_spam(comment: Comment, moderator: User) -> None:
    """Hide a comment as spam; it stays in the spam tab, where it can still be approved."""
    check_can_moderate(moderator, comment)
    check_not_deleted(comment)
    comment.status = CommentStatus.SPAM
    clear_reports(comment)
    db.session.commit()


@rolls_back
def delete(comment: Comment, moderator: User) -> None:
    """Delete a comment's text for good; replies stay, under a placeholder."""
    check_can_moderate(moderator, comment)
    check_not_deleted(comment)
    commenting.remove(comment)
    clear_reports(comment)
    db.session.commit()


# ---------- Users ----------

def check_user_admin(admin: User) -> None:
    """Raise unless the user may manage users."""
    if not is_user_admin(admin):
        raise ModerationForbidden("Only admins can manage users.")


def users_page(search: str, page: int):
    """One page of the user list, by username, optionally filtered by username or email."""
    query = sa.select(User).order_by(User.username_key)
    search = search.strip()
    if search:
        pattern = "%" + search.casefold().replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        query = query.where(sa.or_(User.username_key.like(pattern, escape="\\"),
                                   User.email.like(pattern, escape="\\")))
    return window(query, page, current_app.config["MODERATION_PER_PAGE"],
                  missing_is_404=False)


def admin_count() -> int:
    """How many admins the site has."""
    return db.session.scalar(sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN))


@rolls_back
def change_role(user: User, role: Role, admin: User) -> None:
    """Make a user a commenter, an author or an admin; the last admin stays an admin."""
    check_user_admin(admin)
    if user.role is Role.ADMIN and role is not Role.ADMIN and admin_count() <= 1:
        raise ModerationConflict(f"{user.username} is the only admin. Make someone else an "
                                 "admin first, so the site is never left without one.")
    user.role = role
    db.session.commit()


@rolls_back
def ban(user: User, admin: User) -> None:
    """Ban a user from commenting and reporting, and end every session they have."""
    check_user_admin(admin)
    if user.id == admin.id:
        raise ModerationConflict("You cannot ban yourself.")
    if user.role is Role.ADMIN:
        raise ModerationConflict(f"{user.username} is an admin. Change their role before "
                                 "banning them.")
    if not user.is_banned:
        user.is_banned = True
        logins.end_all(user)
        ratings.recount_for(user)  # their ratings stop counting
    db.session.commit()


@rolls_back
def unban(user: User, admin: User) -> None:
    """Let a banned user comment again (they sign in again: their old sessions have ended)."""
    check_user_admin(admin)
    if user.is_banned:
        user.is_banned = False
        ratings.recount_for(user)  # their ratings count again
    db.session.commit()
