"""Forms with money in them: pounds typed as text become whole pence (never floats)."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from voice_app.models import PaymentPolicy, PolicyKind
from voice_app.payments.expenses import EXPENSE_KINDS, MOST_CLAIM_PENCE
from voice_app.payments.policy import LIMITS, ROUNDING_MODES
from voice_app.web.form_safety import Form
from voice_app.web.formatting import pounds
from voice_app.web.pounds_field import PoundsField


def policy_default(name: str):
    """A setting's documented default, from the model itself (the README's table agrees)."""
    return PaymentPolicy.__table__.c[name].default.arg


def _money_hint(name: str, extra: str = "") -> str:
    return f"{extra}Default {pounds(policy_default(name))}.".strip()


def _hint(name: str, unit: str, extra: str = "") -> str:
    return f"{extra}Default {policy_default(name)} {unit}.".strip()


def _minutes(name: str, low: int, high: int, label: str, extra: str = "") -> IntegerField:
    return IntegerField(
        label,
        description=_hint(name, "minutes", extra),
        validators=[InputRequired("Enter a number of minutes."), NumberRange(low, high)],
    )


class PolicyForm(Form):
    kind = SelectField(
        "How residents are paid",
        choices=[
            (PolicyKind.HOURLY.value, "By the hour"),
            (PolicyKind.SESSION.value, "By the session (half or full day)"),
        ],
        description="Default: by the hour.",
    )
    hourly_rate_pence = PoundsField(
        "Hourly rate in pounds",
        most=LIMITS["hourly_rate_pence"][1],
        description=_money_hint("hourly_rate_pence"),
    )
    rounding_minutes = _minutes(
        "rounding_minutes", 1, 240, "Round time to steps of (minutes)", "1 means no rounding. "
    )
    rounding_mode = SelectField(
        "Rounding",
        choices=[
            (m, {"up": "Up", "nearest": "To the nearest", "down": "Down"}[m])
            for m in ROUNDING_MODES
        ],
        description="Default: up.",
    )
    minimum_pence = PoundsField(
        "Least anyone who attended is paid, in pounds",
        most=LIMITS["minimum_pence"][1],
        description=_money_hint("minimum_pence", "By the hour only. "),
    )
    half_day_pence = PoundsField(
        "Half day rate in pounds",
        most=LIMITS["half_day_pence"][1],
        description=_money_hint("half_day_pence", "By session only. "),
    )
    full_day_pence = PoundsField(
        "Full day rate in pounds",
        most=LIMITS["full_day_pence"][1],
        description=_money_hint("full_day_pence", "By session only. "),
    )
    half_day_max_minutes = _minutes(
        "half_day_max_minutes", 1, 720, "Longest half day (minutes)", "Longer is a full day. "
    )
    pay_preparation = BooleanField(
        "Pay for preparation",
        description="Time spent hearing the meeting's papers by phone is added to the "
        "meeting's time. Default: paid.",
    )
    preparation_cap_minutes = _minutes(
        "preparation_cap_minutes", 0, 600, "Most preparation paid (minutes)"
    )


class ExpenseForm(Form):
    # An id of its own: the attendance form on the same page has a "person" field too.
    person = SelectField(
        "Resident", coerce=int, description="Residents who attended.", id="expense-person"
    )
    kind = SelectField("Kind of cost", choices=[(k, k.capitalize()) for k in EXPENSE_KINDS])
    amount = PoundsField(
        "Amount in pounds", most=MOST_CLAIM_PENCE, description="For example 12.50."
    )
    note = TextAreaField(
        "Note",
        description="For example: taxi both ways, or a carer for the afternoon.",
        validators=[Optional(), Length(max=500)],
    )


class ExportForm(Form):
    """Choose an export for finance: one meeting, or meetings held from one date to another.
    Sent by GET (it changes nothing), so it has no CSRF token."""

    class Meta:
        csrf = False

    kind = RadioField(
        "What to export",
        choices=[
            ("payments", "Payments, every status"),
            ("payment-run", "Approved payments not yet paid (for the payment run)"),
            ("attendance", "Attendance"),
        ],
        default="payments",
    )
    meeting = SelectField(
        "Meeting", coerce=int, default=0, description="Or leave as every meeting."
    )
    date_from = StringField(
        "Meetings from", description="Optional. For example 1/12/2026.", validators=[Optional()]
    )
    date_to = StringField(
        "Meetings until", description="Optional. For example 31/12/2026.", validators=[Optional()]
    )
    fmt = RadioField(
        "File type",
        choices=[("csv", "CSV, for a spreadsheet"), ("json", "JSON")],
        default="csv",
    )
