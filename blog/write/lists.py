"""The studio's lists: make a ranked or unranked list of films, write its introduction and a
note per film, order it with up and down buttons (no JavaScript needed), publish it.

Authors edit their own lists and admins any list; ``require_writer`` on the blueprint keeps
readers out (403) and sends anonymous visitors to log in.
"""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for

from blog.models import FilmList
from blog.resend import RESEND_MESSAGE, renders_again
from blog.services import studio_lists
from blog.write.forms import ConfirmForm
from blog.write.forms_lists import EntryForm, EntryNoteForm, ListForm, OrderForm
from blog.web import attach_error, forbidden, me
from blog.write import bp, require_writer

EDIT_TEMPLATE = "write/lists/edit.html"
ENTRY_ACTIONS = ("save", "up", "down", "remove")


def own_list_or_404(list_id: int) -> FilmList:
    """A list this writer may edit: 404 if there is none, 403 if it is someone else's."""
    film_list = studio_lists.find(list_id)
    if film_list is None:
        abort(404)
    if not studio_lists.can_edit(me(), film_list):
        abort(make_response(forbidden("You can only edit your own lists.")))
    return film_list


@bp.get("/lists/")
def list_lists():
    """The writer's lists (every list for an admin), drafts and published."""
    return render_template("write/lists/index.html", lists=studio_lists.lists_of(me()))


@bp.route("/lists/new", methods=["GET", "POST"])
def new_list():
    """Start a list: its title, address, introduction and whether it is ranked."""
    form = ListForm()
    if request.method == "GET":
        return render_edit(form, None)
    return save(form, None)


@bp.route("/lists/<int:list_id>/edit", methods=["GET", "POST"])
def edit_list(list_id):
    """A list's details, and its entries with their notes and order."""
    film_list = own_list_or_404(list_id)
    form = ListForm(obj=None if request.method == "POST" else film_list)
    if request.method == "GET":
        return render_edit(form, film_list)
    return save(form, film_list)


@renders_again("write.new_list", "write.edit_list")
def list_form_again(list_id=None):
    """The list form as sent, after its CSRF token was refused."""
    refused = require_writer()
    if refused is not None:
        return refused
    film_list = own_list_or_404(list_id) if list_id is not None else None
    form = ListForm()
    form.form_errors.append(RESEND_MESSAGE)
    return render_edit(form, film_list, 400)


def save(form: ListForm, film_list: FilmList | None):
    """Validate and save the list form: 422 with the messages, 409 for a taken address."""
    if not form.validate_on_submit():
        return render_edit(form, film_list, 422)
    draft = studio_lists.ListDraft(form.title.data, form.slug.data, form.intro.data or "",
                                   form.ranked.data)
    try:
        saved = studio_lists.save_list(film_list, me(), draft, publish=form.publish.data)
    except studio_lists.ListError as error:
        attach_error(form, error)
        return render_edit(form, film_list, error.status)
    flash("Saved and published." if saved.is_visible else "Draft saved.", "success")
    return redirect(url_for(".edit_list", list_id=saved.id))


def render_edit(form, film_list, status=200, entry_form=None):
    """The list page of the studio: the list's form, then (once saved) its entries."""
    return render_template(EDIT_TEMPLATE, form=form, film_list=film_list,
                           entry_form=entry_form or EntryForm(formdata=None),
                           note_form=EntryNoteForm), status


@bp.post("/lists/<int:list_id>/entries")
def add_entry(list_id):
    """Add a film (or a review's film) at the end of the list, with a note."""
    film_list = own_list_or_404(list_id)
    entry_form = EntryForm()
    if not entry_form.validate_on_submit():
        return render_edit(ListForm(obj=film_list, formdata=None), film_list, 422, entry_form)
    try:
        film = studio_lists.film_for(entry_form.film.data)
        studio_lists.add_entry(film_list, film, entry_form.note.data or "")
    except studio_lists.ListError as error:
        attach_error(entry_form, error)
        return render_edit(ListForm(obj=film_list, formdata=None), film_list, error.status,
                           entry_form)
    flash(f"“{film.title}” is on the list.", "success")
    return redirect(url_for(".edit_list", list_id=film_list.id, _anchor="entries"))


@bp.post("/lists/<int:list_id>/entries/<int:entry_id>")
def change_entry(list_id, entry_id):
    """Save an entry's note, move it up or down a place, or take it off the list."""
    film_list = own_list_or_404(list_id)
    entry = next((entry for entry in film_list.entries if entry.id == entry_id), None)
    action = request.form.get("action", "")
    if entry is None:
        abort(404)
    if action not in ENTRY_ACTIONS:
        abort(400, "Choose save, move up, move down or remove.")
    form = EntryNoteForm()
    if not form.validate_on_submit():
        flash(f"The note on “{entry.film.title}” was not saved: "
              + " ".join(form.note.errors or form.csrf_token.errors), "error")
        return render_edit(ListForm(obj=film_list, formdata=None), film_list, 422)
    if action == "save":
        studio_lists.set_note(film_list, entry, form.note.data or "")
        flash(f"The note on “{entry.film.title}” is saved.", "success")
    elif action == "remove":
        studio_lists.remove_entry(film_list, entry)
        flash(f"“{entry.film.title}” is off the list.", "info")
    elif not studio_lists.move(film_list, entry, -1 if action == "up" else 1):
        flash(f"“{entry.film.title}” is already at the {'top' if action == 'up' else 'bottom'}.",
              "info")
    return redirect(url_for(".edit_list", list_id=film_list.id, _anchor="entries"))


@bp.post("/lists/<int:list_id>/order")
def reorder_entries(list_id):
    """Put the entries in a new order at once (what dragging sends; the buttons need no script)."""
    film_list = own_list_or_404(list_id)
    form = OrderForm()
    if not form.validate_on_submit():
        abort(400, "Send the entries' new order with the form on the list's page.")
    try:
        studio_lists.reorder(film_list, [int(part) for part in form.order.data.split(",")])
    except studio_lists.ListError as error:
        abort(400, str(error))
    flash("The new order is saved.", "success")
    return redirect(url_for(".edit_list", list_id=film_list.id, _anchor="entries"))


@bp.post("/lists/<int:list_id>/unpublish")
def unpublish_list(list_id):
    """Take a list off the site (it becomes a draft)."""
    film_list = own_list_or_404(list_id)
    if ConfirmForm().validate_on_submit():
        studio_lists.unpublish(film_list)
        flash("The list is off the site and back to being a draft.", "info")
    return redirect(url_for(".edit_list", list_id=film_list.id))


@bp.route("/lists/<int:list_id>/delete", methods=["GET", "POST"])
def delete_list(list_id):
    """Delete a list, after a confirmation page."""
    film_list = own_list_or_404(list_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("write/lists/delete.html", film_list=film_list, form=form)
    title = film_list.title
    studio_lists.delete_list(film_list)
    flash(f"“{title}” is deleted.", "info")
    return redirect(url_for(".list_lists"))
