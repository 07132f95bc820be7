"""The form that confirms an unsubscribe link."""
from wtforms import SubmitField

from blog.forms import BaseForm


class UnsubscribeForm(BaseForm):
    submit = SubmitField("Stop emails about replies")
