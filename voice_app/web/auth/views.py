"""Sign in and out: hashed passwords, sessions that expire, a lock after repeated failures."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import User, utcnow
from voice_app.web.forms import SignInForm, attach_error

bp = Blueprint("auth", __name__)

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
WRONG_DETAILS = "The email address or password is not right. Check them and try again."
# Checked when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """The user with these details; InputError when wrong or locked (and count the failure)."""
    now = now or utcnow()
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        raise InputError(WRONG_DETAILS, "email")
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise InputError(
            f"This sign-in is locked after too many wrong passwords. Try again in {minutes} "
            "minutes, or ask an administrator.",
            "email",
        )
    if not user.check_password(password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            audit.record("system", "user.locked", entity="user", entity_id=user.id)
        db.session.commit()
        raise InputError(WRONG_DETAILS, "email")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return user


def _safe_next(target: str | None) -> str:
    """Only paths on this site, so a link cannot send people elsewhere after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
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
        else:
            session.clear()
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            login_user(user)
            audit.record(f"user:{user.id}", "user.signed_in", entity="user", entity_id=user.id)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
