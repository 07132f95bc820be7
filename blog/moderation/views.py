"""Moderation: the queue of pending, reported and spam comments, and the admins' user list."""
from __future__ import annotations

from functools import wraps

from flask import (Blueprint, flash, g, has_request_context, redirect, render_template,
                   request, url_for)
from flask_login import current_user
from werkzeug.exceptions import Conflict

from blog import errors
from blog.extensions import db
from blog.models import Comment, Role, User
from blog.moderation.forms import ActionForm, RoleForm, UserSearchForm
from blog.security import is_safe_path
from blog.services import moderation
from blog.services.errors import ModerationError
from blog.web import forbidden, me, page_arg, require_author

bp = Blueprint("moderation", __name__)
bp.closed_to_banned = True  # see blog.security.refuse_banned_accounts

ROLE_NAMES = {Role.COMMENTER: "a commenter", Role.AUTHOR: "an author", Role.ADMIN: "an admin"}


@bp.before_request
def require_moderator():
    """Send anonymous visitors to log in; refuse everyone but authors and admins."""
    return require_author("Your account is banned, so it cannot moderate.",
                          "Only authors and admins moderate comments.")


def admin_only(view):
    """Refuse a view to moderators who are not admins."""

    @wraps(view)
    def wrapped(**kwargs):
        if not moderation.is_user_admin(current_user):
            return forbidden("Only admins manage users.")
        return view(**kwargs)

    return wrapped


def refused(error: ModerationError):
    """The error page for a refused action: 403 saying why, or 409 with the reason."""
    if error.status == 403:
        return forbidden(str(error))
    return errors.render_error(Conflict(), str(error))


def back_to(next_path: str | None, endpoint: str = ".queue"):
    """Redirect to the same-site page the form came from, or to ``endpoint``."""
    target = (next_path or "").rstrip("?")
    return redirect(target if is_safe_path(target) else url_for(endpoint))


# ---------- The queue ----------

@bp.get("/", defaults={"tab": "pending"})
@bp.get("/<any(reported, spam):tab>")
def queue(tab):
    """One tab of the queue: comments held for approval, reported by readers, or spam."""
    page = page_arg()
    pagination = moderation.queue_page(me(), tab, page)
    if page > 1 and not pagination.items:
        # The last page emptied (its comments acted on): back to the one before, else the first.
        before = moderation.queue_page(me(), tab, page - 1)
        return redirect(url_for(".queue", tab=tab,
                                page=page - 1 if page > 2 and before.items else None))
    return render_template("moderation/queue.html", tab=tab, pagination=pagination,
                           counts=moderation.queue_counts(me()),
                           here=request.full_path.rstrip("?"))


def act_on_comment(comment_id: int, action, done: str):
    """Run one moderation action on a comment, then go back to the queue."""
    comment = db.get_or_404(Comment, comment_id)
    form = ActionForm()
    try:
        action(comment, me())
    except ModerationError as error:
        return refused(error)
    flash(done.format(id=comment_id), "success")
    return back_to(form.next.data)


@bp.post("/comments/<int:comment_id>/approve")
def approve_comment(comment_id):
    """Approve a comment (which also dismisses its reports)."""
    return act_on_comment(comment_id, moderation.approve, "Comment {id} is approved.")


@bp.post("/comments/<int:comment_id>/spam")
def spam_comment(comment_id):
    """Mark a comment as spam."""
    return act_on_comment(comment_id, moderation.mark_spam, "Comment {id} is marked as spam.")


@bp.post("/comments/<int:comment_id>/delete")
def delete_comment(comment_id):
    """Delete a comment (a placeholder stays if it has replies)."""
    return act_on_comment(comment_id, moderation.delete, "Comment {id} is deleted.")


# ---------- Users (admins only) ----------

def render_users(status: int = 200, alert: str | None = None):
    """The user list, searched and paginated as the query string asks."""
    search = UserSearchForm(request.args)
    page = page_arg()
    # After a refused POST, the buttons on the page come back to the list, not to the POST.
    here = request.full_path.rstrip("?") if request.method == "GET" else url_for(".users")
    pagination = moderation.users_page((search.q.data or "") if search.validate() else "", page)
    return render_template("moderation/users.html", pagination=pagination, search=search,
                           counts=moderation.queue_counts(me()), alert=alert,
                           roles=list(Role), here=here), status


@bp.get("/users")
@admin_only
def users():
    """Every account: change roles, ban and unban."""
    return render_users()


def act_on_user(user_id: int, action, done: str, *args):
    """Run one action on a user, then go back to the page the button was on."""
    user = db.get_or_404(User, user_id)
    form = ActionForm()
    try:
        action(user, *args, me())
    except moderation.ModerationConflict as error:
        return render_users(error.status, str(error))
    except ModerationError as error:
        return refused(error)
    flash(done.format(name=user.username), "success")
    return back_to(form.next.data, ".users")


@bp.post("/users/<int:user_id>/role")
@admin_only
def change_role(user_id):
    """Make a user a commenter, an author or an admin."""
    form = RoleForm()
    if not form.validate_on_submit():
        db.get_or_404(User, user_id)
        return render_users(422, "Please choose one of the roles: commenter, author or admin.")
    role = Role(form.role.data)
    return act_on_user(user_id, moderation.change_role, f"{{name}} is now {ROLE_NAMES[role]}.",
                       role)


@bp.post("/users/<int:user_id>/ban")
@admin_only
def ban_user(user_id):
    """Ban a user: no more commenting or reporting, and their sessions end."""
    return act_on_user(user_id, moderation.ban, "{name} is banned and has been signed out.")


@bp.post("/users/<int:user_id>/unban")
@admin_only
def unban_user(user_id):
    """Lift a user's ban."""
    return act_on_user(user_id, moderation.unban, "{name} may comment again.")


# ---------- The menu ----------

def waiting_in_queue() -> int | None:
    """The queue size for the menu, counted once per request (None if the database fails)."""
    if "moderation_waiting" not in g:
        g.moderation_waiting = moderation.waiting_count_if_reachable(current_user)
    return g.moderation_waiting


@bp.app_context_processor
def moderation_menu():
    """Offer the menu's "Moderation (N)" to authors and admins; readers cost no query.

    The count is a function the layout calls, so templates rendered for emails never run it.
    """
    if not has_request_context() or not moderation.is_moderator(current_user):
        return {}
    return {"moderation_waiting": waiting_in_queue}
