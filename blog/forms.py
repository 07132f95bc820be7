"""The base of every form: text fields never hold the characters ``blog.text`` refuses."""
from __future__ import annotations

from flask import abort, request
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField

from blog import text


def _one_line(value):
    return text.strip_unsafe(value) if isinstance(value, str) else value


def _multi_line(value):
    return text.strip_unsafe(value, multi_line=True) if isinstance(value, str) else value


class BaseForm(FlaskForm):
    """A FlaskForm whose text fields strip NUL, other controls and noncharacters on the way in."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Put the character filter first on every text field (passwords are only hashed)."""
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class,
                                                                        PasswordField):
                clean = _multi_line if issubclass(field_class, TextAreaField) else _one_line
                filters = [clean, *unbound_field.kwargs.get("filters", ())]
                return super().bind_field(form, unbound_field, {**options, "filters": filters})
            return super().bind_field(form, unbound_field, options)


def init_app(app):
    """Refuse URLs whose path or query holds characters no stored value may hold."""

    @app.before_request
    def refuse_unsafe_urls():
        # No slug, tag, person or username can hold them, so such an address names nothing;
        # stopping here keeps NUL away from PostgreSQL, which would answer with an error.
        if text.has_unsafe_characters(request.path):
            abort(404)
        if any(text.strip_unsafe(key + value, multi_line=True) != key + value
               for key, value in request.args.items(multi=True)):
            abort(400)
