"""The transcript review form: the words, saved and marked reviewed with one submit."""

from __future__ import annotations

from wtforms import TextAreaField

from voice_app.web.form_safety import Form

NEXT = "next"


class ReviewForm(Form):
    text = TextAreaField(
        "Corrected transcript",
        description="Correct any words the computer got wrong. The earlier version is kept in "
        "the history. Both buttons save and mark the comment reviewed.",
    )
