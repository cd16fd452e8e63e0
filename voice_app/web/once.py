"""Creating forms act once: a refresh, the back button or a double click never makes a second
person, PIN or access need.

Each creating form carries a one-time token (`{{ once_field() }}`). The view is wrapped in
`@guarded`, and the change records the token with the page it led to (`done`) in the same
transaction as what it made. A second send of that form is led to the same page; when two
sends race, the database's unique token lets one commit and the other roll back.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, flash, g, redirect, request
from markupsafe import Markup
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.models import FormSubmission, utcnow

FIELD = "form_once"
KEEP = timedelta(days=2)
ALREADY_DONE = "That form was already sent, so nothing was added again."
bp = Blueprint("once", __name__)
T = TypeVar("T")


@bp.app_template_global()
def once_field() -> Markup:
    """The hidden one-time token of a creating form (no id: it is never labelled)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(24)
    )


def _token() -> str:
    token = request.form.get(FIELD, "")
    return token if 16 <= len(token) <= 64 else ""


def _result(token: str) -> str | None:
    return db.session.scalar(select(FormSubmission.result_url).where(FormSubmission.token == token))


def _again(url: str):
    flash(ALREADY_DONE, "info")
    return redirect(url, 303)


def guarded(view: Callable[..., Any]) -> Callable[..., Any]:
    """A POST whose form was already acted on goes where the first one went."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _token() if request.method == "POST" else ""
        if not token:  # a form without a token (a script, an old page) just works
            return view(*args, **kwargs)
        if (url := _result(token)) is not None:
            return _again(url)
        g.once_token = token
        try:
            return view(*args, **kwargs)
        except IntegrityError:
            db.session.rollback()  # the same form sent twice at once: the other send won
            if (url := _result(token)) is None:
                raise
            return _again(url)

    return wrapper


def done(result: T, url: str | Callable[[T], str]) -> T:
    """Inside a change, after it made `result`: remember this form's token and where it led.
    The caller's commit keeps both, or neither."""
    token = g.get("once_token")
    if token:
        db.session.execute(
            delete(FormSubmission).where(FormSubmission.created_at < utcnow() - KEEP)
        )
        where = url(result) if callable(url) else url
        db.session.add(FormSubmission(token=token, result_url=where))
        db.session.flush()
    return result
