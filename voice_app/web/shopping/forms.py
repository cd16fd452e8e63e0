"""Shopping-list forms of the merge and bulk steps."""

from __future__ import annotations

from wtforms import IntegerField, RadioField, SelectMultipleField
from wtforms.validators import InputRequired, NumberRange

from voice_app.web.form_safety import Form

MAX_ID = 2**31 - 1  # what every database's integer key holds
CHOOSE = "Choose the item this one is the same as."


def parse_item_id(raw: str) -> int | None:
    """A posted item id, or None for anything that could not be one."""
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
        return int(raw)
    return None


class MergeChoiceForm(Form):
    """Step one of a merge: choose, with nothing chosen for you (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    into = RadioField(
        "Which item asks for the same thing?",
        coerce=int,
        validate_choice=False,  # the domain's check says why a choice will not do
        validators=[InputRequired(CHOOSE), NumberRange(1, MAX_ID, CHOOSE)],
    )


class MergeForm(Form):
    """Step two: confirm the merge that was checked."""

    into = IntegerField(validators=[InputRequired(CHOOSE), NumberRange(1, MAX_ID, CHOOSE)])


class AgreeForm(Form):
    items = SelectMultipleField("Items to agree", coerce=int)
