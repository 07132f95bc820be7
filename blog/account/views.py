"""The account page: display name, email, password, notifications, export and deletion."""
from __future__ import annotations

import json
import re

from flask import (Blueprint, Response, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required, logout_user

from blog import ratelimits
from blog.account.forms import (AuthorBioForm, DeleteAccountForm, DisplayNameForm,
                                EmailChangeForm, NotificationsForm, PasswordChangeForm)
from blog.resend import RESEND_MESSAGE, renders_again
from blog.auth.forms import LogoutForm
from blog.security import closed_to_banned
from blog.services import accounts, logins, profiles
from blog.services.errors import FieldError
from blog.web import attach_error, field_failed, forbidden, form_page, me, rate_limited

bp = Blueprint("account", __name__)


def render_account(status: int = 200, headers: dict | None = None, **forms):
    """The account page, with the given forms (as submitted) and fresh copies of the others."""
    user = me()
    forms.setdefault("name_form", DisplayNameForm(formdata=None,
                                                  display_name=user.display_name))
    forms.setdefault("email_form", EmailChangeForm(formdata=None))
    forms.setdefault("password_form", PasswordChangeForm(formdata=None))
    forms.setdefault("notify_form", NotificationsForm(formdata=None,
                                                      notify_replies=user.notify_replies))
    forms.setdefault("bio_form", AuthorBioForm(formdata=None, bio=user.bio, links=user.links))
    return form_page("account/index.html", status, headers, user=user, **forms)


def account_failed(form_name: str, form, error: FieldError):
    """The account page again with a service's error at its field (422, or 409)."""
    attach_error(form, error)
    return render_account(error.status, **{form_name: form})


def check_account_limit(action: str) -> None:
    """Count one password-checking or mail-sending attempt against the account's limit."""
    ratelimits.check("RATELIMIT_ACCOUNT", f"account-{action}", str(current_user.id))


@bp.get("")
@login_required
def index():
    """The account page."""
    return render_account()


@bp.post("/name")
@closed_to_banned
@login_required
def change_name():
    """Change the name shown on comments."""
    if current_user.is_banned:
        return forbidden("A banned account cannot change its display name.")
    form = DisplayNameForm()
    if not form.validate_on_submit():
        return render_account(422, name_form=form)
    try:
        accounts.change_display_name(me(), form.display_name.data)
    except FieldError as error:
        return account_failed("name_form", form, error)
    flash("Your display name is saved.", "success")
    return redirect(url_for(".index"))


@bp.post("/email")
@login_required
def change_email():
    """Ask to move the account to a new address (a link to it completes the change)."""
    form = EmailChangeForm()
    try:
        check_account_limit("email")
    except ratelimits.RateLimited as error:
        return render_account(429, ratelimits.retry_headers(error), email_form=form,
                              alert=str(error))
    if not form.validate_on_submit():
        return render_account(422, email_form=form)
    try:
        new_email = accounts.request_email_change(me(), form.password.data, form.email.data)
    except FieldError as error:
        return account_failed("email_form", form, error)
    flash(f"We have sent a link to {new_email}. Your address changes when you open it.",
          "success")
    return redirect(url_for(".index"))


@bp.post("/bio")
@login_required
def change_bio():
    """Save an author's bio, shown on their author page and the about page."""
    form = AuthorBioForm()
    if not current_user.is_author or current_user.is_banned:
        return forbidden("Only authors have a bio on the site.")
    if not form.validate_on_submit():
        return render_account(422, bio_form=form)
    try:
        upload = form.portrait.data
        profiles.change_bio(me(), form.bio.data, form.links.data,
                            upload.stream if upload and upload.filename else None,
                            form.remove_portrait.data)
    except profiles.ProfileError as error:
        attach_error(form, error)
        return render_account(error.status, bio_form=form)
    flash("Your bio is saved.", "success")
    return redirect(url_for(".index"))


@bp.get("/email/confirm/<token>")
def confirm_email_change(token):
    """Open the link sent to the new address: the account switches to it."""
    try:
        user = accounts.apply_email_change(token)
    except accounts.InvalidLink as error:
        return form_page("errors/link_invalid.html", 400, reason=str(error), kind="email")
    flash(f"Your email address is now {user.email}.", "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for(".index"))
    return redirect(url_for("auth.login"))


@bp.post("/password")
@login_required
def change_password():
    """Change the password; other sessions end, this one stays signed in."""
    form = PasswordChangeForm()
    try:
        check_account_limit("password")
    except ratelimits.RateLimited as error:
        return render_account(429, ratelimits.retry_headers(error), password_form=form,
                              alert=str(error))
    if not form.validate_on_submit():
        return render_account(422, password_form=form)
    try:
        accounts.change_password(me(), form.current_password.data, form.new_password.data)
    except FieldError as error:
        return account_failed("password_form", form, error)
    flash("Your password is changed. Any other sessions of your account are signed out.",
          "success")
    return redirect(url_for(".index"))


@bp.post("/sessions/end")
@login_required
def sign_out_everywhere():
    """End every login of the account, on every device, this one included."""
    if LogoutForm().validate_on_submit():
        logins.sign_out(everywhere=True)
        flash("You are signed out everywhere, on every device.", "info")
    return redirect(url_for("auth.login"))


@bp.post("/notifications")
@login_required
def change_notifications():
    """Switch reply notifications on or off."""
    form = NotificationsForm()
    if not form.validate_on_submit():
        return render_account(422, notify_form=form)
    accounts.set_reply_notifications(me(), form.notify_replies.data)
    flash("We will email you about replies." if form.notify_replies.data else
          "We will not email you about replies.", "success")
    return redirect(url_for(".index"))


ACCOUNT_FORMS = {"account.change_name": ("name_form", DisplayNameForm),
                 "account.change_email": ("email_form", EmailChangeForm),
                 "account.change_password": ("password_form", PasswordChangeForm),
                 "account.change_notifications": ("notify_form", NotificationsForm),
                 "account.change_bio": ("bio_form", AuthorBioForm)}


@renders_again(*ACCOUNT_FORMS)
def account_form_again():
    """The account page with the form as sent, after its token was refused."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    name, form_class = ACCOUNT_FORMS[request.endpoint]
    return render_account(400, alert=RESEND_MESSAGE, **{name: form_class()})


@renders_again("account.delete")
def delete_form_again():
    """The deletion page again, after its token was refused."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return form_page("account/delete.html", 400, form=DeleteAccountForm(),
                     blocker=accounts.deletion_blocker(me()), alert=RESEND_MESSAGE)


@bp.get("/export")
@login_required
def export():
    """Download everything stored about the account as a JSON file."""
    data = json.dumps(accounts.export_data(me()), indent=2, ensure_ascii=False)
    name = re.sub(r"[^A-Za-z0-9_-]", "", current_user.username) or "account"
    return Response(data + "\n", mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{name}-data.json"',
        "Cache-Control": "no-store"})


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    """Delete the account after confirming with the password."""
    form = DeleteAccountForm()
    blocker = accounts.deletion_blocker(me())
    if request.method == "GET":
        return render_template("account/delete.html", form=form, blocker=blocker)
    try:
        check_account_limit("delete")
    except ratelimits.RateLimited as error:
        return rate_limited("account/delete.html", error, form=form, blocker=blocker)
    if not form.validate_on_submit():
        return form_page("account/delete.html", 422, form=form, blocker=blocker)
    try:
        accounts.delete_account(me(), form.password.data)
    except FieldError as error:
        return field_failed("account/delete.html", form, error, blocker=blocker)
    logout_user()  # its logins went with the account
    flash("Your account is deleted. Your comments stay in their conversations as "
          "“[deleted user]”.", "info")
    return redirect(url_for("reading.home"))
