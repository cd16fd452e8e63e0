"""Sign in and out: hashed passwords, sessions the server can end, limits per client.

Wrong details get one answer whether or not the email exists. Failures are counted per client
(its address), never per account, so a stranger cannot lock a coordinator out; passwords are
long (12 characters or more) and slow to check, which is what stands against guessing spread
over many addresses. Each session carries its user's session version, checked on every request
and bumped at sign-out and on a password change, and ends 12 hours after sign-in however busy.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from voice_app import audit, guards
from voice_app.directory import end_every_session
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import User, utcnow
from voice_app.web.forms import SignInForm, attach_error

bp = Blueprint("auth", __name__)

CLIENT_FAILURES_TO_PAUSE = 10
CLIENT_LIMIT = guards.Limit(
    failures=CLIENT_FAILURES_TO_PAUSE,
    window=timedelta(minutes=15),
    pauses=(timedelta(minutes=15), timedelta(hours=1), timedelta(hours=4)),
)
WRONG_DETAILS = "The email address or password is not right. Check them and try again."
TOO_MANY = (
    "Too many sign-in attempts from this connection. Wait {minutes} minutes and try again, "
    "or ask an administrator."
)
# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


class TooManyTries(InputError):
    """This client has failed too often; the answer is the same for every email."""


def load_user(user_id: str) -> User | None:
    """The signed-in user, if the session is still one the server honours."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or session.get("session_version") != user.session_version:
        return None
    started = session.get("signed_in_at")
    lifetime: timedelta = current_app.config["ABSOLUTE_SESSION_LIFETIME"]
    if not isinstance(started, int | float) or utcnow().timestamp() - started > (
        lifetime.total_seconds()
    ):
        return None
    return user


def _client_key() -> str:
    return "signin:client:" + guards.pseudonym("address", request.remote_addr or "unknown")


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """The user with these details; InputError when wrong or this client is paused."""
    now = now or utcnow()
    client = _client_key()
    if block := guards.blocked(client, now):
        check_password_hash(_DUMMY_HASH, password or "")
        raise TooManyTries(TOO_MANY.format(minutes=block.minutes_left(now)), "email")
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(User.email == email))
    right = user.check_password(password or "") if user is not None else False
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
    if not right:
        if block := guards.fail(client, CLIENT_LIMIT, now).block:
            audit.record("system", "sign_in.client_paused", minutes=block.minutes_left(now))
        db.session.commit()
        if block:
            raise TooManyTries(TOO_MANY.format(minutes=block.minutes_left(now)), "email")
        raise InputError(WRONG_DETAILS, "email")
    guards.succeed(client)
    user.last_login_at = now
    return user


def _safe_next(target: str | None) -> str:
    """Only a path on this site, judged after removing control and invisible characters (a
    browser drops a tab or newline, so `/<tab>/evil.example` would become `//evil.example`)."""
    cleaned = "".join(
        ch for ch in (target or "") if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " "
    ).replace(" ", "%20")
    parts = urlsplit(cleaned)
    if (
        cleaned.startswith("/")
        and not cleaned.startswith("//")
        and "\\" not in cleaned
        and not parts.scheme
        and not parts.netloc
    ):
        return cleaned
    return url_for("dashboard.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.email.data, form.password.data)
        except InputError as exc:
            attach_error(form, exc)
            status = 429 if isinstance(exc, TooManyTries) else 400
            return render_template("auth/login.html", form=form), status
        else:
            session.clear()
            session.permanent = True  # idle expiry after PERMANENT_SESSION_LIFETIME
            session["session_version"] = user.session_version
            session["signed_in_at"] = utcnow().timestamp()
            login_user(user)
            audit.record(user, "user.signed_in", entity="user", entity_id=user.id)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    end_every_session(current_user)
    audit.record(current_user, "user.signed_out", entity="user", entity_id=current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
