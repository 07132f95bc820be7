"""The studio's editor for the site's own pages (the about page), for admins."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from blog.forms import BaseForm
from blog.resend import RESEND_MESSAGE, renders_again
from blog.services import site_pages
from blog.web import attach_error, forbidden, me
from blog.write import bp, require_writer

TEMPLATE = "write/about.html"


class AboutPageForm(BaseForm):
    """The about page's text in Markdown, or going back to the built-in text."""

    body = TextAreaField("The about page (Markdown)", validators=[
        Length(max=site_pages.BODY_MAX)], render_kw={"rows": 18})
    save = SubmitField("Save the page")
    reset = SubmitField("Go back to the built-in text")


@bp.route("/about", methods=["GET", "POST"])
def edit_about():
    """Write the about page's text (the list of authors is added below it on the page)."""
    if not me().is_admin:
        return forbidden("Only admins edit the about page.")
    page = site_pages.find("about")
    form = AboutPageForm(body=page.body if page else "")
    if request.method == "GET":
        return render_template(TEMPLATE, form=form, page=page)
    if not form.validate_on_submit():
        return render_template(TEMPLATE, form=form, page=page), 422
    try:
        if form.reset.data:
            site_pages.reset("about", me())
        else:
            site_pages.save("about", me(), form.body.data)
    except site_pages.PageError as error:
        attach_error(form, error)
        return render_template(TEMPLATE, form=form, page=page), error.status
    flash("The about page is saved." if not form.reset.data else
          "The about page shows the built-in text again.", "success")
    return redirect(url_for("reading.about"))


@renders_again("write.edit_about")
def about_again():
    """The about page's editor with the text as sent, after its form token was refused."""
    refused = require_writer()
    if refused is not None:
        return refused
    if not me().is_admin:
        return forbidden("Only admins edit the about page.")
    form = AboutPageForm()
    form.form_errors.append(RESEND_MESSAGE)
    return render_template(TEMPLATE, form=form, page=site_pages.find("about")), 400
