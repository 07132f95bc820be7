"""The review form: the words, the verdict, the film, and what to do with it."""
from wtforms import (BooleanField, DateField, DateTimeLocalField, HiddenField, IntegerField,
                     SelectField, StringField, SubmitField, TextAreaField)
from wtforms.fields.choices import SelectChoice

from wtforms.validators import (DataRequired, Length, NumberRange, Optional, Regexp,
                                ValidationError)
from wtforms.widgets import HiddenInput

from blog import sanitize
from blog.forms import BaseForm
from blog.write.uploads import image_upload_field

RATING_CHOICES = [SelectChoice("", "No rating")] + [
    SelectChoice(str(halves), f"{halves / 2:g} star{'' if halves == 2 else 's'}")
    for halves in range(1, 11)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z"


def strip(value):
    """Trim a text field; a field missing from the request counts as empty, not None."""
    return value.strip() if isinstance(value, str) else ""


def renderable_markdown(form, field) -> None:
    """The body must stay within what the Markdown renderer is allowed to spend on it."""
    try:
        sanitize.check_markdown_budget(field.data or "")
    except sanitize.MarkdownTooComplex as error:
        raise ValidationError(str(error)) from None


class ReviewForm(BaseForm):
    """The studio's review form: the review, its film, a poster, and the buttons."""

    title = StringField("Title", filters=[strip], validators=[
        DataRequired("Give the review a title."), Length(max=200)])
    slug = StringField("Address (slug)", filters=[strip], validators=[
        Optional(), Length(max=200),
        Regexp(SLUG_PATTERN, message="Use lower-case letters, digits and single hyphens.")])
    dek = StringField("Subtitle (dek)", filters=[strip], validators=[Length(max=300)])
    body = TextAreaField("Review (Markdown)", validators=[
        DataRequired("Write the review before saving it."), renderable_markdown],
        render_kw={"rows": 24, "spellcheck": "true"})
    rating = SelectField("Rating", choices=RATING_CHOICES, default="")
    verdict = StringField("Verdict in one line", filters=[strip], validators=[Length(max=200)])
    tags = StringField("Tags, separated by commas", filters=[strip],
                       validators=[Length(max=1000)],
                       render_kw={"list": "tag-suggestions", "autocomplete": "off",
                                  "data-lookup": "tags"})
    comments_open = BooleanField("Open for comments", default=True)
    poster = image_upload_field("Poster image")
    poster_alt = StringField("Poster description (alt text)", filters=[strip],
                             validators=[Length(max=200)])
    remove_poster = BooleanField("Remove the current poster")
    # A poster chosen before Preview (or a refused save), stored and signed so it is not lost.
    pending_poster = HiddenField()

    # A film is picked by typing its name (a lookup offers matches); the hidden id keeps the
    # film a review already has when its facts are edited below.
    film = StringField("A film already here", filters=[strip], validators=[Length(max=220)],
                       render_kw={"list": "film-suggestions", "autocomplete": "off",
                                  "data-lookup": "films"})
    film_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    film_title = StringField("Film title", filters=[strip], validators=[Length(max=200)])
    original_title = StringField("Original title", filters=[strip],
                                 validators=[Length(max=200)])
    year = IntegerField("Year", validators=[Optional(), NumberRange(1870, 2100)])
    release_date = DateField("Release date", validators=[Optional()])
    runtime_minutes = IntegerField("Runtime in minutes",
                                   validators=[Optional(), NumberRange(1, 1500)])
    countries = StringField("Countries, separated by commas", filters=[strip],
                            validators=[Length(max=300)])
    languages = StringField("Languages, separated by commas", filters=[strip],
                            validators=[Length(max=300)])
    language = StringField("Language of the original title (a tag such as ja or pt-BR)",
                           filters=[strip], validators=[Length(max=35)])
    directors = TextAreaField("Directed by, one per line", validators=[Length(max=5000)],
                              render_kw={"rows": 2})
    writers = TextAreaField("Written by, one per line", validators=[Length(max=5000)],
                            render_kw={"rows": 2})
    cast = TextAreaField("Cast, one per line: Name | Character", validators=[Length(max=20000)],
                         render_kw={"rows": 5})
    synopsis = TextAreaField("Synopsis", validators=[Length(max=5000)], render_kw={"rows": 3})
    trailer_url = StringField("Trailer link (YouTube or Vimeo)", filters=[strip],
                              validators=[Length(max=300)])
    imdb_id = StringField("IMDb id", filters=[strip], validators=[
        Optional(), Regexp(r"^tt\d{7,9}\Z", message="IMDb film ids look like tt0041959.")])
    rotten_tomatoes_url = StringField("Rotten Tomatoes link", filters=[strip],
                                      validators=[Length(max=300)])
    letterboxd_url = StringField("Letterboxd link", filters=[strip],
                                 validators=[Length(max=300)])
    watch = TextAreaField("Where to watch, one per line: Service | stream, rent or buy | "
                          "region | link | checked on (YYYY-MM-DD)",
                          validators=[Length(max=5000)], render_kw={"rows": 3})

    schedule_at = DateTimeLocalField("Publish at (site time)", format="%Y-%m-%dT%H:%M",
                                     validators=[Optional()])
    preview = SubmitField("Preview")
    save_draft = SubmitField("Save draft")
    publish = SubmitField("Publish now")
    schedule = SubmitField("Schedule")


class ConfirmForm(BaseForm):
    """An empty form: a POST with a CSRF token for unpublish and delete."""
