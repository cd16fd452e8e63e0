"""Shopping-list forms of the merge and bulk steps."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectMultipleField
from wtforms.validators import InputRequired


class MergeChoiceForm(FlaskForm):
    """Step one of a merge: choose, with nothing chosen for you (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    into = RadioField(
        "Which item asks for the same thing?",
        coerce=int,
        validate_choice=False,  # the domain's check says why a choice will not do
        validators=[InputRequired("Choose the item this one is the same as.")],
    )


class MergeForm(FlaskForm):
    """Step two: confirm the merge that was checked."""

    into = IntegerField(validators=[InputRequired("Choose the item this one is the same as.")])


class AgreeForm(FlaskForm):
    items = SelectMultipleField("Items to agree", coerce=int)
