"""The form that confirms an unsubscribe link."""
from wtforms import SubmitField

from blog.forms import BaseForm


class UnsubscribeForm(BaseForm):
    """Stop emails about replies, from the link in one."""

    submit = SubmitField("Stop emails about replies")
