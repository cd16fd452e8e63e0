"""Flask-WTF forms for every page: CSRF on each, labels and hints that say what is wanted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from voice_app.config import MAX_PAPER_MEGABYTES
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import (
    ContactPreference,
    MeetingKind,
    PaymentPreference,
    Role,
    ShoppingStatus,
)
from voice_app.web.date_input import DateInputField, WhenField
from voice_app.web.form_safety import Form
from voice_app.web.pounds_field import PoundsField

__all__ = ["DateInputField", "Form", "PoundsField", "WhenField"]  # shared fields, from here

ACCEPTED = "PDF, Word (.docx), Markdown, HTML or plain text"  # what papers/ingest reads


def _choices(enum_cls) -> list[tuple[str, str]]:
    return [(member.value, member.value.capitalize()) for member in enum_cls]


def submit(form: Form, change: Callable[[], Any]) -> Any:
    """For a valid submitted form, run the change and commit; return what it made (or True).
    On InputError roll back, show the message beside its field and return None."""
    if not form.validate_on_submit():
        return None
    try:
        result = change()
    except InputError as exc:
        db.session.rollback()
        attach_error(form, exc)
        return None
    db.session.commit()
    return True if result is None else result


def attach_error(form: Form, exc: InputError) -> None:
    """Show an InputError beside its field, or at the top of the form when it has none."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, str(exc)]
    else:
        form.form_errors.append(str(exc))


class ActionForm(Form):
    """A button that changes something: it needs nothing but its CSRF token."""


class SignInForm(Form):
    email = EmailField("Email address", validators=[DataRequired("Enter your email address.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])


class MeetingForm(Form):
    group = SelectField("Group", coerce=int)
    kind = SelectField("Meeting or workshop", choices=_choices(MeetingKind))
    title = StringField(
        "Title", validators=[DataRequired("Give the meeting a title."), Length(max=200)]
    )
    topic = TextAreaField(
        "What it is about",
        description="For a workshop, the specific issue.",
        validators=[Optional()],
    )
    starts = WhenField(
        "Starts",
        what="the start",
        description="UK time. For example, 15 12 2026 and 2pm, or 15 Dec 2026 and 14:30.",
        validators=[InputRequired("Enter when the meeting starts.")],
    )
    ends = WhenField(
        "Ends",
        what="the end",
        description="UK time. For example, 15 12 2026 and 4pm.",
        validators=[InputRequired("Enter when the meeting ends.")],
    )
    location = StringField(
        "Where", description="Include step-free access and hearing loop.", validators=[Optional()]
    )
    phone_conference = BooleanField("People can join by phone", default=True)
    short_notice_reason = TextAreaField(
        "Reason for short notice",
        description="Only needed when there is less notice than the group asks for. "
        "Callers hear this reason.",
        validators=[Optional()],
    )


class PaperForm(Form):
    file = FileField(
        "Paper",
        description=f"{ACCEPTED}; at most {MAX_PAPER_MEGABYTES} MB.",
        validators=[FileRequired("Choose a file to upload.")],
    )
    title = StringField(
        "Title", description="Leave empty to use the document's own title.", validators=[Optional()]
    )


class ShoppingStatusForm(Form):
    status = SelectField("Status", choices=_choices(ShoppingStatus))
    reason = TextAreaField(
        "Reason", description="Needed when the aim is not possible.", validators=[Optional()]
    )


class ShoppingWordingForm(Form):
    text = TextAreaField(
        "Wording",
        description="The resident's original words are kept.",
        validators=[DataRequired("Write the item's wording.")],
    )


class NewPersonForm(Form):
    group = SelectField("Group", coerce=int)
    name = StringField("Full name", validators=[DataRequired("Enter the person's name.")])
    phone = StringField(
        "Phone number", description="For example 07700 900123.", validators=[Optional()]
    )
    role = SelectField("Role", choices=_choices(Role)[:2])


class PersonForm(Form):
    name = StringField("Full name", validators=[DataRequired("Enter the person's name.")])
    phone = StringField(
        "Phone number", description="For example 07700 900123.", validators=[Optional()]
    )
    speech_rate = IntegerField(
        "Reading speed on the phone (per cent of normal)",
        description="100 is normal; 70 is slower, 130 is faster.",
        validators=[InputRequired("Enter a reading speed."), NumberRange(50, 200)],
    )
    extra_time_seconds = IntegerField(
        "Extra seconds to answer on the phone",
        validators=[InputRequired("Enter 0 or more seconds."), NumberRange(0, 60)],
    )
    contact_preference = SelectField("How we contact them", choices=_choices(ContactPreference))
    payment_preference = SelectField(
        "Payment preference",
        choices=_choices(PaymentPreference),
        description="Payments can affect benefits. Some residents choose a voucher, a lower "
        "amount, a charity or no payment: respect their choice and do not ask why.",
    )
    payment_lower_amount = PoundsField(
        "Lower amount in pounds", optional=True, description="For example 10 or £10.50."
    )
    payment_charity = StringField("Charity to pay instead", validators=[Optional()])
    recording_consent = BooleanField("Agrees to comments being recorded")
    notes = TextAreaField("Notes", validators=[Optional()])


class BankForm(Form):
    bank_account_name = StringField("Name on the account", validators=[Optional()])
    bank_sort_code = StringField("Sort code", description="6 digits.", validators=[Optional()])
    bank_account_number = StringField(
        "Account number", description="8 digits.", validators=[Optional()]
    )


class AccessNeedForm(Form):
    kind = StringField(
        "Access need",
        description="For example: easy read, BSL interpreter, step-free access.",
        validators=[DataRequired("Name the access need."), Length(max=100)],
    )
    detail = TextAreaField("Details", validators=[Optional()])


class CorrectionForm(Form):
    amount = PoundsField("Correct amount in pounds", description="For example 40 or £42.50.")
    reason = TextAreaField(
        "Reason for the correction", validators=[DataRequired("Give a reason for the correction.")]
    )


class EraseForm(Form):
    member_number = StringField(
        "Type their member number to confirm",
        validators=[DataRequired("Type the person's member number to confirm.")],
    )
