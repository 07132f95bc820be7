"""Forms for giving, changing and removing a reader's rating of a review: a module of its own so
that the review page (which draws them) and the rating views (which read them) share them
without importing each other."""
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, StopValidation

from blog.forms import BaseForm

CHOOSE_MESSAGE = "Please choose from half a star to five stars."


class StepField(RadioField):
    """The ten half-star steps as radio buttons; anything else sent is "please choose"."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(CHOOSE_MESSAGE)

    def pre_validate(self, form):
        if self.data not in range(1, 11):
            raise StopValidation(CHOOSE_MESSAGE)


class RatingForm(BaseForm):
    """A reader's rating of a review, in half stars."""

    halves = StepField("Your rating", coerce=int,
                       choices=[SelectChoice(halves, f"{halves / 2:g}")
                                for halves in range(1, 11)],
                       validators=[InputRequired(message=CHOOSE_MESSAGE)])
    submit = SubmitField("Save my rating")


class RemoveRatingForm(BaseForm):
    """Take back the rating given."""

    submit = SubmitField("Remove my rating")
