"""Forms of the studio's shared catalogue: a person's details, a tag's name and kind, merging.

The services check everything again (they own the rules); the forms give the messages at the
fields and keep what was typed.
"""
from __future__ import annotations

from wtforms import BooleanField, HiddenField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from blog.forms import BaseForm
from blog.models import TagKind
from blog.services import studio_people, tags
from blog.write.uploads import image_upload_field


def collapse_spaces(value: str | None) -> str | None:
    """Trim and collapse runs of white space, as the services store names."""
    return " ".join(value.split()) if isinstance(value, str) else value


def unix_newlines(value: str | None) -> str | None:
    """Count a line break as one character, as the browser's maxlength does."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) \
        else value


def imdb_person_id(form, field) -> None:
    """An empty value, an ``nm`` id, or an IMDb person address."""
    try:
        studio_people.normalize_imdb_id(field.data)
    except studio_people.PersonError as error:
        raise ValidationError(str(error)) from None


class PeopleSearchForm(BaseForm):
    """Search the studio's list of people by name (a GET, no token)."""

    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField("Search by name", validators=[Length(max=studio_people.NAME_MAX)])


class PersonForm(BaseForm):
    """A person's name, IMDb id, short bio and portrait."""

    name = StringField("Name", filters=[collapse_spaces], validators=[
        DataRequired("Enter the person’s name."),
        Length(max=studio_people.NAME_MAX,
               message=f"Keep the name to {studio_people.NAME_MAX} characters.")],
        render_kw={"maxlength": studio_people.NAME_MAX, "autocomplete": "off"})
    imdb_id = StringField("IMDb person id", filters=[collapse_spaces], validators=[
        imdb_person_id], render_kw={"autocomplete": "off", "spellcheck": "false",
                                    "autocapitalize": "none"})
    bio = TextAreaField("Short bio", filters=[unix_newlines], validators=[
        Length(max=studio_people.BIO_MAX,
               message=f"Keep the bio to {studio_people.BIO_MAX} characters.")],
        render_kw={"maxlength": studio_people.BIO_MAX, "rows": 6})
    portrait = image_upload_field("New portrait")
    remove_portrait = BooleanField("Remove the current portrait")


class TagForm(BaseForm):
    """A tag's name and kind."""

    name = StringField("Name", filters=[collapse_spaces], validators=[
        DataRequired("A tag needs a name."),
        Length(max=tags.NAME_MAX,
               message=f"Keep a tag's name to {tags.NAME_MAX} characters.")],
        render_kw={"maxlength": tags.NAME_MAX, "autocomplete": "off"})
    kind = SelectField("Kind", choices=[SelectChoice(kind.value, kind.value.capitalize())
                                        for kind in TagKind],
                       invalid_choice_message="Choose one of the kinds in the list.")


class MergeChoiceForm(BaseForm):
    """The first step of a merge: which tag to merge into (a GET: it changes nothing)."""

    class Meta:
        csrf = False

    into = SelectField("Merge it into", validate_choice=False,
                       validators=[DataRequired("Choose the tag to merge into.")])

    def offer(self, targets) -> None:
        """Offer these tags, after an empty first choice."""
        self.into.choices = [SelectChoice("", "Choose a tag…")] + [
            SelectChoice(str(tag.id), tag.name) for tag in targets]


class MergeForm(BaseForm):
    """The confirmation: the chosen tag travels in a hidden field."""

    into = HiddenField(validators=[DataRequired("Choose the tag to merge into.")])
