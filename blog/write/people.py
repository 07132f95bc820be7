"""The studio's people: a searchable list, and each person's name, IMDb id, bio and portrait.

Any author (and any admin) may edit anyone: people are shared between reviews. The blueprint's
``require_writer`` keeps everyone else out.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from blog.models import Person
from blog.services import studio_people
from blog.write.forms_people import PeopleSearchForm, PersonForm
from blog.web import field_failed, form_page, page_arg, person_or_404
from blog.write import bp

EDIT_TEMPLATE = "write/people/edit.html"


@bp.get("/people/")
def list_people():
    """Everyone credited on a film, by name, with their IMDb id and number of credits."""
    search = PeopleSearchForm(request.args)
    query = (search.q.data or "") if search.validate() else ""
    pagination = studio_people.people_page(query, page_arg())
    if pagination.page > 1 and not pagination.items:
        abort(404)
    counts = studio_people.credit_counts([person.id for person in pagination.items])
    return render_template("write/people/index.html", pagination=pagination, search=search,
                           query=query, credit_counts=counts)


def about(person: Person) -> dict:
    """What the edit page shows besides the form: the person, and whether their page is public."""
    return {"person": person, "public": studio_people.has_public_page(person)}


@bp.get("/people/<slug>")
def edit_person(slug):
    """The form for one person's details."""
    person = person_or_404(slug)
    return form_page(EDIT_TEMPLATE, form=PersonForm(obj=person), **about(person))


@bp.post("/people/<slug>")
def save_person(slug):
    """Save a person's details; their slug (and so their page's address) stays the same."""
    person = person_or_404(slug)
    form = PersonForm()
    if not form.validate_on_submit():
        return form_page(EDIT_TEMPLATE, 422, form=form, **about(person))
    try:
        studio_people.update_person(
            person, form.name.data, form.imdb_id.data, form.bio.data,
            portrait=form.portrait.data.stream if form.portrait.data else None,
            remove_portrait=form.remove_portrait.data)
    except studio_people.PersonError as error:
        return field_failed(EDIT_TEMPLATE, form, error, clash=getattr(error, "other", None),
                            **about(person))
    flash(f"{person.name} is saved.", "success")
    return redirect(url_for(".edit_person", slug=person.slug))
