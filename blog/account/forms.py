"""The small forms of the account page; each has a prefix so their fields' ids never clash."""
from wtforms import BooleanField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from blog.auth.forms import PASSWORD_MAX, email_field, new_password_fields
from blog.forms import BaseForm
from blog.services.identity import DISPLAY_NAME_MAX
from blog.services.profiles import BIO_MAX
from blog.write.uploads import image_upload_field


def current_password_field(label="Your current password"):
    """The password that proves it is the account's owner asking."""
    return PasswordField(label, validators=[DataRequired("Enter your current password."),
                                            Length(max=PASSWORD_MAX)],
                         render_kw={"autocomplete": "current-password"})


class AccountForm(BaseForm):
    """A form whose fields are named ``<prefix>-<field>`` on the shared account page."""

    form_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.form_prefix)
        super().__init__(*args, **kwargs)


class DisplayNameForm(AccountForm):
    """Change the name shown on one's comments."""

    form_prefix = "name"
    display_name = StringField("Name shown on your comments", validators=[
        Length(max=DISPLAY_NAME_MAX, message=f"Use at most {DISPLAY_NAME_MAX} characters.")],
        render_kw={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX})


class EmailChangeForm(AccountForm):
    """Ask to move the account to a new address (confirmed by a link sent there)."""

    form_prefix = "email"
    email = email_field("New email address", autocomplete="off")
    password = current_password_field()


class PasswordChangeForm(AccountForm):
    """Change one's password, knowing the current one."""

    form_prefix = "password"
    current_password = current_password_field("Current password")
    new_password, new_password_again = new_password_fields("New password", "new_password")


class NotificationsForm(AccountForm):
    """Choose whether replies to one's comments are emailed."""

    form_prefix = "notify"
    notify_replies = BooleanField("Email me when someone replies to my comments")


class DeleteAccountForm(BaseForm):
    """Delete one's account, confirmed with the password."""

    password = current_password_field("Your password, to confirm")


class AuthorBioForm(AccountForm):
    """An author's few lines about themself, for their author page and the about page."""

    form_prefix = "bio"
    bio = TextAreaField("About you, as readers see it", validators=[
        Length(max=BIO_MAX, message=f"Keep it to {BIO_MAX} characters.")],
        render_kw={"rows": 5})
    links = TextAreaField("Your links, one a line (a website, a newsletter, a profile)",
                          validators=[Length(max=2000)], render_kw={"rows": 3})
    portrait = image_upload_field("Your portrait")
    remove_portrait = BooleanField("Remove the portrait")
