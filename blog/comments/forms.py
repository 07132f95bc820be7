"""Forms for writing, editing, deleting and reporting comments."""
from wtforms import (BooleanField, HiddenField, IntegerField, StringField, SubmitField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from blog.forms import BaseForm
from blog.numbers import MAX_ID

EMPTY_MESSAGE = "Please write something before sending."


class CommentForm(BaseForm):
    """Post a comment or a reply under a review (or preview it)."""

    body = TextAreaField("Your comment", validators=[DataRequired(message=EMPTY_MESSAGE)],
                         render_kw={"rows": 6})
    parent_id = IntegerField(widget=HiddenInput(), validators=[
        Optional(), NumberRange(1, MAX_ID, "That comment cannot be found.")])
    # Signed time the form was shown: a submit faster than a person can type is refused.
    started = HiddenField()
    # A trap for form-filling robots: hidden from sighted readers, labelled for everyone else.
    leave_blank = StringField("Leave this field blank",
                              render_kw={"autocomplete": "off", "tabindex": "-1"})
    notify_replies = BooleanField("Email me replies to my comments")
    preview = SubmitField("Preview")
    submit = SubmitField("Post comment")


class EditCommentForm(BaseForm):
    """Change one's comment while the edit window is open."""

    body = TextAreaField("Your comment", validators=[DataRequired(message=EMPTY_MESSAGE)],
                         render_kw={"rows": 8})
    submit = SubmitField("Save changes")


class DeleteCommentForm(BaseForm):
    """Confirm deleting one's comment."""

    submit = SubmitField("Delete my comment")


class ReportCommentForm(BaseForm):
    """Report someone else's comment to the moderators."""

    reason = TextAreaField("What is wrong with this comment? (optional)",
                           validators=[Length(max=500)], render_kw={"rows": 3})
    submit = SubmitField("Report to the moderators")
