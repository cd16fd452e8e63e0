"""Creating forms act once: a refresh, the back button or a double click never makes a second
person, PIN or access need.

Each creating form carries a one-time token (`{{ once_field() }}`). The view is wrapped in
`@guarded`, and the change records the token with the page it led to (`done`) in the same
transaction as what it made. A second send of that form is led to the same page; when two
sends race, the database's unique token lets one commit and the other roll back.

Something to be shown once (a new PIN, a set-password link) is kept with the token, sealed with
a key made from SECRET_KEY, and wiped by the one page that shows it (`take`). It is not put in
the session cookie: in a double click the browser may keep the cookie of either response.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from flask import Blueprint, current_app, flash, g, redirect, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.models import FormSubmission, utcnow

FIELD = "form_once"
KEEP = timedelta(days=2)
SHOW_WITHIN = timedelta(hours=1)  # a sealed PIN or link not shown by then is never shown
ALREADY_DONE = "That form was already sent, so it was not acted on again."
bp = Blueprint("once", __name__)
T = TypeVar("T")


@bp.app_template_global()
def once_field() -> Markup:
    """The hidden one-time token of a creating form (no id: it is never labelled)."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(24)
    )


def _form_token() -> str:
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
        token = _form_token() if request.method == "POST" else ""
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


def token() -> str:
    """This send's token: the form's, or a new one for a send without (so `take` still works)."""
    if not g.get("once_token"):
        g.once_token = secrets.token_urlsafe(24)
    return g.once_token


def _fernet() -> Fernet:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    key = hashlib.sha256(b"voice-app: shown once\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _signed_in_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None


def done(result: T, url: str | Callable[[T], str], show_once: str | None = None) -> T:
    """Inside a change, after it made `result`: remember this send's token, where it led and
    anything to show its sender once. The caller's commit keeps all of it, or none."""
    sent = g.get("once_token")
    if sent:
        stale = FormSubmission.created_at < utcnow() - KEEP
        db.session.execute(delete(FormSubmission).where(stale))
        db.session.add(
            FormSubmission(
                token=sent,
                result_url=url(result) if callable(url) else url,
                user_id=_signed_in_id(),
                sealed=_fernet().encrypt(show_once.encode()).decode() if show_once else None,
            )
        )
        db.session.flush()
    return result


def take(sent: str | None) -> str | None:
    """What was kept to show once with this send, on the page it led to and for the one who
    sent it; wiped as it is read (when two pages ask at once, only one gets it). None when
    already shown, or not theirs, or asked for on another page."""
    if not sent or len(sent) > 64:
        return None
    row = db.session.scalar(select(FormSubmission).where(FormSubmission.token == sent))
    if (
        row is None
        or row.sealed is None
        or row.user_id != _signed_in_id()
        or urlsplit(row.result_url).path != request.path
    ):
        return None
    sealed = row.sealed
    wiped = db.session.execute(
        update(FormSubmission)
        .where(FormSubmission.id == row.id, FormSubmission.sealed.is_not(None))
        .values(sealed=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if wiped.rowcount != 1:
        return None
    try:
        return _fernet().decrypt(sealed.encode(), ttl=int(SHOW_WITHIN.total_seconds())).decode()
    except InvalidToken:
        return None
