"""The group settings form: field names are the Group's own, so checks land beside them."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from voice_app.speech.phone_voices import EN_GB_VOICES
from voice_app.web.form_safety import Form
from voice_app.web.pounds_field import PoundsField


class GroupSettingsForm(Form):
    name = StringField(
        "Group name", validators=[DataRequired("Give the group a name."), Length(max=200)]
    )
    guests_allowed = BooleanField(
        "Guests may call",
        description="People who are not members can ring and hear papers, without a PIN.",
    )
    coordinator_phone = StringField(
        "Coordinator's phone number",
        description="Callers who press for a person are put through to this number. "
        "For example 07700 900123.",
    )
    phone_number = StringField(
        "The group's phone number",
        description="The Twilio number residents ring, and the number calls and texts come from.",
    )
    phone_voice = SelectField(
        "The phone line's voice",
        choices=[(voice, voice) for voice in EN_GB_VOICES],
        description="A natural-sounding British voice for everything the line says.",
    )
    papers_by_say = BooleanField(
        "Read papers in the phone line's voice",
        description="Papers are read by the same voice as the menus, instead of the audio the "
        "app makes itself. That audio stays the default: it works offline and costs nothing.",
    )
    papers_deadline_days = IntegerField(
        "Papers deadline (days before the meeting)",
        description="Papers added later are marked late, and callers are told. Default 7.",
        validators=[InputRequired("Enter a number of days."), NumberRange(1, 60)],
    )
    min_notice_days = IntegerField(
        "Minimum notice for a meeting (days)",
        description="A meeting with less notice needs a reason, which callers hear. Default 14.",
        validators=[InputRequired("Enter a number of days."), NumberRange(1, 120)],
    )
    free_callback = BooleanField(
        "Free callback",
        description="A resident who rings is not answered, so it costs them nothing, and is "
        "rung straight back at the group's expense.",
    )
    outbound_retry_minutes = StringField(
        "Minutes to wait before trying an unanswered call again",
        description="One number for each try, separated by commas. Default 15,60,240. "
        "Leave empty for no second try.",
    )
    outbound_daily_cap = IntegerField(
        "Most calls and texts a day",
        description="Counts every try. Default 200.",
        validators=[InputRequired("Enter a number of calls and texts."), NumberRange(0, 10000)],
    )
    weekly_payment_limit_pence = PoundsField(
        "Weekly payment limit in pounds",
        optional=True,
        description="Shown beside each resident's total this week, to help with benefits "
        "rules. Leave empty for no limit.",
    )
    monthly_payment_limit_pence = PoundsField(
        "Monthly payment limit in pounds",
        optional=True,
        description="Shown beside each resident's total this month. Leave empty for no limit.",
    )
