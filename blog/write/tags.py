"""The studio's tags: every tag with its use, renaming, setting the kind, and merging.

Any author (and any admin) may manage tags: they are shared between reviews. Renaming moves a
tag's public address (the old one redirects to the new one); merging asks first.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from blog.models import Tag, TagKind
from blog.services import studio_tags
from blog.write.forms_people import MergeChoiceForm, MergeForm, TagForm
from blog.web import attach_error, form_page, page_arg, tag_or_404
from blog.write import bp

EDIT_TEMPLATE = "write/tags/edit.html"
MERGE_TEMPLATE = "write/tags/merge.html"


@bp.get("/tags/")
def list_tags():
    """Every tag, alphabetical, with its kind, its reviews and a form to change it."""
    pagination = studio_tags.tags_page(page_arg())
    if pagination.page > 1 and not pagination.items:
        abort(404)
    return render_template(
        "write/tags/index.html", pagination=pagination, kinds=list(TagKind),
        uses=studio_tags.uses([tag.id for tag in pagination.items]))


def render_edit(tag: Tag, form: TagForm, status: int = 200, clash: Tag | None = None):
    """The page for one tag, with the form as sent (and the tag it clashed with, if any)."""
    return form_page(EDIT_TEMPLATE, status, form=form, tag=tag, clash=clash,
                     use=studio_tags.uses([tag.id])[tag.id])


@bp.get("/tags/<int:tag_id>")
def edit_tag(tag_id):
    """One tag's form on a page of its own (where a refused change is shown, too)."""
    tag = tag_or_404(tag_id)
    return render_edit(tag, TagForm(name=tag.name, kind=tag.kind.value))


@bp.post("/tags/<int:tag_id>")
def save_tag(tag_id):
    """Rename a tag (its address follows the new name) and set its kind."""
    tag = tag_or_404(tag_id)
    old_slug = tag.slug
    form = TagForm()
    if not form.validate_on_submit():
        return render_edit(tag, form, 422)
    try:
        moved = studio_tags.update_tag(tag, form.name.data, form.kind.data)
    except studio_tags.TagError as error:
        attach_error(form, error)
        return render_edit(tag, form, error.status, getattr(error, "other", None))
    flash(f"“{tag.name}” is saved." + (
        f" Its page is now /tags/{tag.slug}; the old address /tags/{old_slug} redirects there."
        if moved else ""), "success")
    return back_to_list(tag)


def render_merge(source: Tag, choice: MergeChoiceForm, status: int = 200, plan=None,
                 form: MergeForm | None = None):
    """The merge page: the choice of a target and, once chosen, what the merge will do."""
    choice.offer(studio_tags.all_tags_except(source))
    return form_page(MERGE_TEMPLATE, status, source=source, choice=choice, plan=plan,
                     form=form or MergeForm(formdata=None, into=choice.into.data),
                     use=studio_tags.uses([source.id])[source.id])


@bp.get("/tags/<int:tag_id>/merge")
def confirm_merge(tag_id):
    """Choose the tag to merge into, then see what merging will do before doing it."""
    source = tag_or_404(tag_id)
    choice = MergeChoiceForm(request.args)
    if "into" not in request.args:
        return render_merge(source, choice)
    if not choice.validate():
        return render_merge(source, choice, 422)
    try:
        target = studio_tags.merge_target(source, choice.into.data)
    except studio_tags.TagError as error:
        attach_error(choice, error)
        return render_merge(source, choice, 422)
    return render_merge(source, choice, plan=studio_tags.merge_plan(source, target))


@bp.post("/tags/<int:tag_id>/merge")
def merge_tag(tag_id):
    """Merge a tag into another: its reviews move over, then it is deleted."""
    source = tag_or_404(tag_id)
    form = MergeForm()
    choice = MergeChoiceForm(formdata=None, into=form.into.data)
    if not form.validate_on_submit():
        choice.into.errors = list(form.into.errors)
        return render_merge(source, choice, 422, form=form)
    try:
        target = studio_tags.merge_target(source, form.into.data)
        done = studio_tags.merge(source, target)
    except studio_tags.TagError as error:
        attach_error(choice, error)
        return render_merge(source, choice, error.status, form=form)
    flash(f"“{done.source_name}” is merged into “{done.target_name}”: {done.moving} "
          f"{'review' if done.moving == 1 else 'reviews'} moved. The address "
          f"/tags/{done.source_slug} now redirects to /tags/{done.target_slug}.", "success")
    return back_to_list(target)


def back_to_list(tag: Tag):
    """Redirect to the page of the tag list that shows ``tag``, scrolled to it."""
    page = studio_tags.page_of(tag)
    return redirect(url_for(".list_tags", page=page if page > 1 else None) + f"#tag-{tag.id}")
