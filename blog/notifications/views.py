"""Unsubscribe links in reply emails: a confirmation page, and the one-click POST of mail apps."""
from flask import Blueprint, flash, redirect, render_template, url_for

from blog.extensions import csrf
from blog.notifications.forms import UnsubscribeForm
from blog.services import notifications

bp = Blueprint("notifications", __name__)


def invalid_link(error: notifications.InvalidUnsubscribeLink):
    """The page for a broken or outdated unsubscribe link."""
    return render_template("errors/link_invalid.html", reason=str(error),
                           kind="unsubscribe"), 400


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    """Ask before stopping the reply emails (a GET must never change anything)."""
    try:
        user = notifications.user_for_token(token)
    except notifications.InvalidUnsubscribeLink as error:
        return invalid_link(error)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        notifications.unsubscribe(token)
        flash("Done: we will not email you about replies any more.", "success")
        return redirect(url_for(".unsubscribe", token=token))
    return render_template("notifications/unsubscribe.html", user=user, form=form,
                           token=token)


@bp.post("/unsubscribe/<token>/one-click")
@csrf.exempt  # RFC 8058: mail apps POST "List-Unsubscribe=One-Click" without a page or token
def one_click_unsubscribe(token):
    """Stop the reply emails at once, for a mail app's unsubscribe button."""
    try:
        notifications.unsubscribe(token)
    except notifications.InvalidUnsubscribeLink as error:
        return invalid_link(error)
    return render_template("notifications/unsubscribed.html"), 200
