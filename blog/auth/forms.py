"""Forms for signing in, registering and resetting a forgotten password."""
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from blog.forms import BaseForm
from blog.services.errors import AccountError
from blog.services.identity import (MIN_PASSWORD_LENGTH, USERNAME_PATTERN, USERNAME_RULE,
                                    normalize_email)

PASSWORD_MAX = 1024
PASSWORD_RULE = f"Use at least {MIN_PASSWORD_LENGTH} characters."


def valid_email(form, field):
    """An email address that email-validator accepts (its message says what is wrong)."""
    try:
        normalize_email(field.data or "")
    except AccountError as error:
        raise ValidationError(str(error)) from error


def left_empty(form, field):
    """The honeypot: people never see it, so only a bot fills it in."""
    if field.data:
        raise ValidationError("Please leave this field empty.")


def strip(value):
    """Drop surrounding blank space from typed text."""
    return value.strip() if isinstance(value, str) else value


def email_field(label="Email address", autocomplete="email"):
    """An email address field, checked by email-validator."""
    return EmailField(label, filters=[strip],
                      validators=[DataRequired("Enter your email address."), Length(max=254),
                                  valid_email],
                      render_kw={"autocomplete": autocomplete, "autocapitalize": "none",
                                 "spellcheck": "false"})


def new_password_fields(label="Password", name="password"):
    """A new password and its repetition, which must match."""
    first = PasswordField(label, validators=[
        DataRequired("Choose a password."),
        Length(min=MIN_PASSWORD_LENGTH, max=PASSWORD_MAX, message=PASSWORD_RULE)],
        render_kw={"autocomplete": "new-password"})
    again = PasswordField(f"{label} again", validators=[
        DataRequired("Type the password a second time."),
        EqualTo(name, message="The two passwords do not match.")],
        render_kw={"autocomplete": "new-password"})
    return first, again


class LoginForm(BaseForm):
    """Sign in with a username or email and a password."""

    login = StringField("Username or email", validators=[DataRequired(), Length(max=254)],
                        render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=PASSWORD_MAX)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()


class LogoutForm(BaseForm):
    """An empty form: logging out is a POST that carries a CSRF token."""


class RegisterForm(BaseForm):
    """Open a commenter account."""

    username = StringField("Username", filters=[strip], validators=[
        DataRequired("Choose a username."), Regexp(USERNAME_PATTERN.pattern + r"\Z",
                                                   message=USERNAME_RULE)],
        render_kw={"autocomplete": "username", "autocapitalize": "none",
                   "spellcheck": "false", "maxlength": 30})
    email = email_field()
    password, password_again = new_password_fields()
    website = StringField("Leave this empty", validators=[left_empty],
                          render_kw={"tabindex": "-1", "autocomplete": "off"})
    next = HiddenField()


class ResendConfirmationForm(BaseForm):
    """An empty form: sending the confirmation link again is a POST with a CSRF token."""


class ResetRequestForm(BaseForm):
    """Ask for a password reset link by email."""

    email = email_field()


class ResetPasswordForm(BaseForm):
    """Choose a new password from a reset link."""

    password, password_again = new_password_fields("New password")
