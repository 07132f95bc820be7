"""Forms of the moderation pages: the buttons on each comment and user, and the user search."""
from wtforms import HiddenField, SearchField, SelectField
from wtforms.validators import Length

from blog.forms import BaseForm
from blog.models import Role


class ActionForm(BaseForm):
    """A moderation button: CSRF token, and the queue page to come back to."""

    next = HiddenField()


class RoleForm(ActionForm):
    """Make a user a commenter, an author or an admin."""

    # Plain values: no tuples (deprecated in WTForms 3.3); the page writes its own labels.
    role = SelectField("Role", choices=[role.value for role in Role])


class UserSearchForm(BaseForm):
    """Search the user list by username or email (a GET, no token)."""

    class Meta:
        csrf = False  # a GET search changes nothing

    q = SearchField("Search by username or email", validators=[Length(max=254)])
