"""Signing in and out."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from blog.auth.forms import LoginForm, LogoutForm
from blog.security import is_safe_path
from blog.services import users

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
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422
    user = users.authenticate(form.login.data, form.password.data)
    if user is None:
        form.password.errors.append("That username or email and password do not match.")
        return render_template("auth/login.html", form=form), 422
    login_user(user, remember=form.remember.data)
    flash(f"Welcome back, {user.name}.", "success")
    return redirect(next_path(form.next.data))


@bp.post("/logout")
def logout():
    """Sign out (a POST with a CSRF token, so no link or image can sign anyone out)."""
    if LogoutForm().validate_on_submit():
        logout_user()
        flash("You are signed out.", "info")
    return redirect(url_for("reading.home"))
