"""The resident's forms: each has CSRF, a label and a hint saying what is wanted."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from voice_app.models import ContactPreference
from voice_app.web.form_safety import Form
from voice_app.written import MAX_COMMENT, MAX_IDEA


class PinForm(Form):
    pin = PasswordField(
        "Your PIN",
        validators=[DataRequired("Enter your PIN.")],
        description="The 4 to 6 digits you use on the phone line.",
        render_kw={"inputmode": "numeric", "autocomplete": "current-password"},
    )


class CommentForm(Form):
    text = TextAreaField(
        "Your comment",
        validators=[DataRequired("Write your comment."), Length(max=MAX_COMMENT)],
        description="It goes to the group with the comments made by phone.",
    )


class IdeaForm(Form):
    text = TextAreaField(
        "Your idea",
        validators=[DataRequired("Write your idea."), Length(max=MAX_IDEA)],
        description="Something you would like the group to work for.",
    )


class PreferencesForm(Form):
    contact = SelectField(
        "How we contact you",
        choices=[
            (ContactPreference.CALL.value, "A phone call"),
            (ContactPreference.SMS.value, "A text message"),
            (ContactPreference.NONE.value, "Please do not contact me"),
        ],
    )
    texts = BooleanField("Send me texts (reminders and replies)")
    relay = BooleanField(
        "I use Relay UK on the phone",
        description="The phone line then waits a minute for each answer and never hangs up on "
        "silence.",
    )
