"""Signing in and out, registering, confirming the email address, resetting a password."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from blog import ratelimits
from blog.auth.forms import (LoginForm, LogoutForm, RegisterForm, ResendConfirmationForm,
                             ResetPasswordForm, ResetRequestForm)
from blog.resend import RESEND_MESSAGE, renders_again
from blog.security import is_safe_path
from blog.services import accounts, logins, users
from blog.services.errors import FieldError
from blog.web import field_failed, form_page, rate_limited

bp = Blueprint("auth", __name__)


def next_path(candidate: str | None) -> str:
    """Where to go after signing in: the asked-for same-site path, else the homepage."""
    return candidate if is_safe_path(candidate) else url_for("reading.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with a username or email and a password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(next_path(form.next.data))
        return render_template("auth/login.html", form=form)
    try:
        ratelimits.check("RATELIMIT_LOGIN", "login")
    except ratelimits.RateLimited as error:
        return rate_limited("auth/login.html", error, form=form)
    if not form.validate_on_submit():
        return form_page("auth/login.html", 422, form=form)
    user = users.authenticate(form.login.data, form.password.data)
    if user is None:
        form.password.errors.append("That username or email and password do not match.")
        return form_page("auth/login.html", 422, form=form)
    logins.sign_in(user, remember=bool(form.remember.data))
    flash(f"Welcome back, {user.name}.", "success")
    return redirect(next_path(form.next.data))


SIGN_IN_FORMS = {"auth.login": (LoginForm, "auth/login.html"),
                 "auth.register": (RegisterForm, "auth/register.html"),
                 "auth.request_reset": (ResetRequestForm, "auth/reset_request.html")}


@renders_again(*SIGN_IN_FORMS)
def sign_in_form_again():
    """A signing-in form as sent (passwords aside), after its token was refused."""
    form_class, template = SIGN_IN_FORMS[request.endpoint]
    return form_page(template, 400, form=form_class(), alert=RESEND_MESSAGE)


@renders_again("auth.reset_password")
def reset_form_again(token):
    """The new-password form again for a link that still works, after its token was refused."""
    try:
        accounts.user_for_reset(token)
    except accounts.InvalidLink as error:
        return form_page("errors/link_invalid.html", 400, reason=str(error), kind="reset")
    return form_page("auth/reset_password.html", 400, form=ResetPasswordForm(), token=token,
                     alert=RESEND_MESSAGE)


@bp.post("/logout")
def logout():
    """Sign out (a POST with a CSRF token, so no link or image can sign anyone out)."""
    if LogoutForm().validate_on_submit():
        logins.sign_out()
        flash("You are signed out.", "info")
    return redirect(url_for("reading.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Open an account; the answer is the same whether or not the address is registered."""
    form = RegisterForm()
    if current_user.is_authenticated:  # one account per person: nothing to register
        return redirect(next_path(request.args.get("next") or form.next.data))
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        return render_template("auth/register.html", form=form)
    try:
        ratelimits.check("RATELIMIT_REGISTER", "register")
    except ratelimits.RateLimited as error:
        return rate_limited("auth/register.html", error, form=form)
    if not form.validate_on_submit():
        return form_page("auth/register.html", 422, form=form)
    try:
        accounts.register(form.username.data, form.email.data, form.password.data)
    except FieldError as error:
        return field_failed("auth/register.html", form, error)
    next_page = form.next.data if is_safe_path(form.next.data) else None
    return redirect(url_for(".register_sent", next=next_page))


@bp.get("/register/sent")
def register_sent():
    """The same answer for every registration, whether the address was new or known."""
    return render_template("auth/register_sent.html", next=request.args.get("next"),
                           valid_for=accounts.duration_text(
                               current_app.config["EMAIL_CONFIRM_MAX_AGE"]))


@bp.get("/confirm/<token>")
def confirm_email(token):
    """Open the link from the confirmation email."""
    try:
        user = accounts.confirm_email(token)
    except accounts.InvalidLink as error:
        return form_page("errors/link_invalid.html", 400, reason=str(error), kind="confirm")
    flash("Thank you: your email address is confirmed.", "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("account.index"))
    return redirect(url_for(".login"))


@bp.route("/confirm/resend", methods=["GET", "POST"])
@login_required
def resend_confirmation():
    """Send the confirmation link again to a signed-in, unconfirmed user."""
    if current_user.email_confirmed_at is not None:
        flash("Your email address is already confirmed.", "info")
        return redirect(url_for("account.index"))
    form = ResendConfirmationForm()
    if not form.validate_on_submit():
        return form_page("auth/resend.html", form=form)
    try:
        ratelimits.check("RATELIMIT_ACCOUNT", "confirm-resend", str(current_user.id))
    except ratelimits.RateLimited as error:
        return rate_limited("auth/resend.html", error, form=form)
    accounts.send_confirmation(current_user)
    flash(f"We have sent a link to {current_user.email}: open it to confirm your address, "
          "and your comments will be published.", "success")
    return redirect(url_for("account.index"))


@bp.route("/reset", methods=["GET", "POST"])
def request_reset():
    """Ask for a password-reset link; the answer never says whether the account exists."""
    form = ResetRequestForm()
    if request.method == "GET":
        return render_template("auth/reset_request.html", form=form)
    try:
        ratelimits.check("RATELIMIT_RESET", "reset")
    except ratelimits.RateLimited as error:
        return rate_limited("auth/reset_request.html", error, form=form)
    if not form.validate_on_submit():
        return form_page("auth/reset_request.html", 422, form=form)
    accounts.request_password_reset(form.email.data)
    return redirect(url_for(".reset_sent"))


@bp.get("/reset/sent")
def reset_sent():
    """The same answer for every address asked about."""
    return render_template("auth/reset_sent.html", valid_for=accounts.duration_text(
        current_app.config["PASSWORD_RESET_MAX_AGE"]))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password through the link from the reset email."""
    try:
        accounts.user_for_reset(token)
    except accounts.InvalidLink as error:
        return form_page("errors/link_invalid.html", 400, reason=str(error), kind="reset")
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return form_page("auth/reset_password.html", 422 if form.is_submitted() else 200,
                         form=form, token=token)
    try:
        user = accounts.reset_password(token, form.password.data)
    except FieldError as error:
        return field_failed("auth/reset_password.html", form, error, token=token)
    except accounts.InvalidLink as error:  # used in another tab a moment ago
        return form_page("errors/link_invalid.html", 400, reason=str(error), kind="reset")
    logins.sign_in(user)
    flash("Your new password is set and you are logged in. Every other session of your "
          "account has been signed out.", "success")
    return redirect(url_for("reading.home"))
