"""The form that confirms an unsubscribe link."""
from flask_wtf import FlaskForm
from wtforms import SubmitField


class UnsubscribeForm(FlaskForm):
    submit = SubmitField("Stop emails about replies")
