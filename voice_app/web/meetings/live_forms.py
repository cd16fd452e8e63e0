"""Forms for the agenda and the chair's live page (CSRF on each, labels that say what is wanted)."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from voice_app.live.agenda import MAX_MINUTES, ItemFields
from voice_app.models import Meeting, ShoppingItem
from voice_app.web.form_safety import Form

NONE = 0  # the "not linked" choice of a select


class AgendaItemForm(Form):
    title = StringField(
        "Title", validators=[DataRequired("Give the item a title."), Length(max=200)]
    )
    lead = StringField(
        "Who leads",
        description="A name or a role, for example Amina Hassan or the co-chairs.",
        validators=[Optional(), Length(max=200)],
    )
    minutes = IntegerField(
        "Expected minutes",
        default=10,
        validators=[
            InputRequired("Enter the minutes expected, for example 15."),
            NumberRange(1, MAX_MINUTES, f"Enter a number of minutes from 1 to {MAX_MINUTES}."),
        ],
    )
    paper = SelectField("Linked paper", coerce=int, default=NONE)
    shopping_item = SelectField("Linked shopping-list aim", coerce=int, default=NONE)

    def offer(self, meeting: Meeting, aims: list[ShoppingItem]) -> AgendaItemForm:
        self.paper.choices = [(NONE, "No paper")] + [(p.id, p.title) for p in meeting.papers]
        self.shopping_item.choices = [(NONE, "No aim")] + [
            (aim.id, aim.text or f"Aim {aim.id}") for aim in aims
        ]
        return self

    def fields(self) -> ItemFields:
        return ItemFields(
            title=self.title.data,
            lead=self.lead.data,
            expected_minutes=self.minutes.data,
            paper_id=self.paper.data or None,
            shopping_item_id=self.shopping_item.data or None,
        )


class CurrentItemForm(Form):
    item = SelectField("Agenda item", coerce=int)


class RoomForm(Form):
    person = SelectField("Person", coerce=int)
