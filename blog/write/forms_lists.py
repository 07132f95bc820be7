"""The studio's list forms: the list itself, a film to add, and one entry's note."""
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from blog.forms import BaseForm
from blog.write.forms import SLUG_PATTERN, renderable_markdown, strip


class ListForm(BaseForm):
    """A list's title, address, Markdown introduction, ranking and publishing."""

    title = StringField("Title", filters=[strip], validators=[
        DataRequired("Give the list a title."), Length(max=200)])
    slug = StringField("Address (slug)", filters=[strip], validators=[
        Optional(), Length(max=200),
        Regexp(SLUG_PATTERN, message="Use lower-case letters, digits and single hyphens.")])
    intro = TextAreaField("Introduction (Markdown)", validators=[Length(max=20000),
                                                                 renderable_markdown],
                          render_kw={"rows": 8})
    ranked = BooleanField("Ranked (entries are numbered)", default=True)
    save_draft = SubmitField("Save draft")
    publish = SubmitField("Publish")


class EntryForm(BaseForm):
    """A film to add to a list, with the note that goes with it."""

    film = StringField("Film (a title, “Title (Year)”, or a review’s address)", filters=[strip],
                       validators=[DataRequired("Name the film to add."), Length(max=300)],
                       render_kw={"list": "film-suggestions", "autocomplete": "off",
                                  "data-lookup": "films"})
    note = TextAreaField("Note (Markdown or plain text)",
                         validators=[Length(max=5000), renderable_markdown],
                         render_kw={"rows": 3})
    add = SubmitField("Add to the list")


class EntryNoteForm(BaseForm):
    """One entry's note, and the buttons that move or remove the entry."""

    note = TextAreaField("Note", validators=[Length(max=5000), renderable_markdown],
                         render_kw={"rows": 2})


class OrderForm(BaseForm):
    """The entries' ids in their new order, sent by the drag-and-drop enhancement."""

    order = StringField(filters=[strip], validators=[
        DataRequired(), Length(max=3000),
        Regexp(r"^\d{1,10}(,\d{1,10})*\Z", message="A list of entry numbers.")])
