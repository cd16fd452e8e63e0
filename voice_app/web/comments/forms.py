"""The transcript review form: the words, saved and marked reviewed with one submit."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField

NEXT = "next"


class ReviewForm(FlaskForm):
    text = TextAreaField(
        "Corrected transcript",
        description="Correct any words the computer got wrong. The earlier version is kept in "
        "the history. Both buttons save and mark the comment reviewed.",
    )
