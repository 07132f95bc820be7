"""The base of every form: text fields never hold the characters ``blog.text`` refuses."""
from __future__ import annotations

from flask import abort, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation

from blog import text

VISIBLE_ONLY = "Please use only visible characters."


def _strip_unsafe(value):
    return text.strip_unsafe(value) if isinstance(value, str) else value


def _visible_only(form, field):
    if isinstance(field.data, str) and text.has_unsafe_characters(field.data):
        raise StopValidation(VISIBLE_ONLY)


class BaseForm(FlaskForm):
    """A FlaskForm whose text fields never pass on NUL, other controls or noncharacters.

    Multi-line fields (comments, bios, a review's body) lose them silently: in a long text
    pasted from elsewhere they are invisible and impossible to find. A one-line field holding
    them is refused with its text kept, as short values are easy to type again.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Add the character check to every text field (passwords are only hashed)."""
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                if isinstance(field, TextAreaField):
                    field.filters = [_strip_unsafe, *field.filters]
                else:
                    field.validators = [_visible_only, *field.validators]
            return field


def init_app(app):
    """Refuse URL paths, and strip query values, holding characters no stored value may hold."""

    @app.before_request
    def refuse_unsafe_urls():
        # No slug, tag, person or username can hold them, so such an address names nothing;
        # stopping here keeps NUL away from PostgreSQL, which would answer with an error.
        if text.has_unsafe_characters(request.path):
            abort(404)
        # Query values are the reader's words (a search box, a page number): strip what no
        # stored value may hold rather than refuse them, as multi-line form fields do.
        pairs = list(request.args.items(multi=True))
        cleaned = [(text.strip_unsafe(key), text.strip_unsafe(value)) for key, value in pairs]
        if cleaned != pairs:
            request.args = ImmutableMultiDict(cleaned)
