"""Choosing a password with a one-time link from a coordinator (co-chairs' sign-ins).
The link's rules are in voice_app/accounts.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo

from voice_app import accounts
from voice_app.errors import InputError
from voice_app.web.form_safety import Form
from voice_app.web.forms import submit

bp = Blueprint("set_password", __name__)
SIGNED_IN_AS = (
    "You are signed in as {signed_in}, and this link is for {email}. Nothing was changed. "
    "Pass the link on to them, or sign out first."
)


class ChoosePasswordForm(Form):
    password = PasswordField(
        "New password",
        description="At least 12 characters. A few unrelated words make a good one.",
        validators=[DataRequired("Enter a new password.")],
    )
    again = PasswordField(
        "The new password again",
        validators=[
            DataRequired("Enter the new password again."),
            EqualTo("password", "The two passwords are not the same."),
        ],
    )


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def choose(token: str):
    try:
        user = accounts.user_for_token(token)
    except InputError as exc:
        return render_template(
            "error.html", title="This link cannot be used", message=str(exc)
        ), 410
    if current_user.is_authenticated and current_user.id != user.id:
        message = SIGNED_IN_AS.format(signed_in=current_user.email, email=user.email)
        return render_template("error.html", title="You are signed in", message=message), 409
    form = ChoosePasswordForm()
    if submit(form, lambda: accounts.set_password_by_link(token, form.password.data)):
        flash("Your password is set. Sign in with your email address and new password.", "success")
        return redirect(url_for("auth.login"))
    return render_template(
        "auth/set_password.html", title="Choose your password", form=form, email=user.email
    ), (400 if form.errors or form.form_errors else 200)
