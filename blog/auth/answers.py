"""The answers to bad input that the account forms share: field errors, 409s, 429s, 403s."""
from __future__ import annotations

from flask import render_template
from werkzeug.exceptions import Forbidden

from blog import errors, ratelimits
from blog.services import DomainError
from blog.services.accounts import FieldError


def attach_error(form, error: DomainError) -> None:
    """Put a service's error at its field, or above the form when it names none."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def form_page(template: str, status: int = 200, headers: dict | None = None, **context):
    """Render a form page with the status the case asks for."""
    return render_template(template, **context), status, headers or {}


def field_failed(template: str, form, error: FieldError, **context):
    """Render the form again with a service's error: 422, or 409 for a conflict."""
    attach_error(form, error)
    return form_page(template, error.status, form=form, **context)


def rate_limited(template: str, error: ratelimits.RateLimited, **context):
    """Render the form again with "try again in N seconds", 429 and Retry-After."""
    return form_page(template, 429, ratelimits.retry_headers(error), alert=str(error),
                     **context)


def forbidden(message: str):
    """A 403 in the site's layout, saying why."""
    return errors.render_error(Forbidden(), message)
