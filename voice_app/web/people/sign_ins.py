"""Co-chairs' web sign-ins, managed by the group's coordinators on the co-chair's page.

Giving or resetting a sign-in shows a one-time set-password link once (kept sealed with the
form's token on the way, wiped when shown: web/once.py), for the coordinator to pass on. The
rules are in voice_app/accounts.py, which the CLI uses too.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import EmailField
from wtforms.validators import DataRequired

from voice_app import accounts
from voice_app.extensions import db
from voice_app.models import Membership, Person
from voice_app.web import once
from voice_app.web.form_safety import Form
from voice_app.web.forms import ActionForm, submit
from voice_app.web.people.views import membership_or_404

bp = Blueprint("sign_ins", __name__, url_prefix="/people")


class SignInEmailForm(Form):
    email = EmailField(
        "Their email address",
        description="They sign in with this. You will get a link to pass on, with which they "
        "choose their own password.",
        validators=[DataRequired("Enter their email address.")],
    )


def _page(person: Person, membership: Membership, form=None, code: int = 200):
    return render_template(
        "people/sign_in.html",
        title=f"Web sign-in for {person.name}",
        person=person,
        membership=membership,
        user=accounts.co_chair_sign_in(membership),
        form=form or SignInEmailForm(formdata=None),
        action=ActionForm(),
    ), code


def _set_password_link(user) -> str:
    return url_for("set_password.choose", token=accounts.set_password_token(user), _external=True)


def _keep_link(user, here: str):
    return once.done(user, here, show_once=_set_password_link(user))


def _link_page(person: Person, group_id: int) -> str:
    """Where the set-password link is shown once: found by this send's token."""
    return url_for("sign_ins.link", person_id=person.id, group_id=group_id, sent=once.token())


@bp.get("/<int:person_id>/sign-in/<int:group_id>")
@login_required
def show(person_id: int, group_id: int):
    return _page(*membership_or_404(person_id, group_id))


@bp.post("/<int:person_id>/sign-in/<int:group_id>")
@login_required
@once.guarded
def give(person_id: int, group_id: int):
    person, membership = membership_or_404(person_id, group_id)
    form = SignInEmailForm()
    here = _link_page(person, group_id)
    user = submit(
        form,
        lambda: _keep_link(
            accounts.give_co_chair_sign_in(membership, form.email.data, current_user),
            here,
        ),
    )
    if user:
        return redirect(here, 303)
    return _page(person, membership, form, 400)


@bp.post("/<int:person_id>/sign-in/<int:group_id>/reset")
@login_required
@once.guarded
def reset(person_id: int, group_id: int):
    person, membership = membership_or_404(person_id, group_id)
    here = _link_page(person, group_id)
    user = submit(
        ActionForm(),
        lambda: _keep_link(accounts.reset_co_chair_sign_in(membership, current_user), here),
    )
    if user:
        return redirect(here, 303)
    flash(f"{person.name} has no sign-in to reset.", "error")
    return redirect(url_for("sign_ins.show", person_id=person.id, group_id=group_id))


@bp.post("/<int:person_id>/sign-in/<int:group_id>/remove")
@login_required
def remove(person_id: int, group_id: int):
    person, membership = membership_or_404(person_id, group_id)
    user = accounts.remove_co_chair_sign_in(membership, current_user)
    db.session.commit()
    if user is not None:
        flash(f"{person.name} can no longer sign in to {membership.group.name}.", "success")
    return redirect(url_for("sign_ins.show", person_id=person.id, group_id=group_id))


@bp.get("/<int:person_id>/sign-in/<int:group_id>/link")
@login_required
def link(person_id: int, group_id: int):
    person, membership = membership_or_404(person_id, group_id)
    url = once.take(request.args.get("sent"))
    return render_template(
        "people/sign_in_link.html",
        title="Set-password link" if url else "The link was shown once",
        person=person,
        membership=membership,
        user=accounts.co_chair_sign_in(membership),
        url=url,
        hours=int(accounts.LINK_LIFETIME.total_seconds() // 3600),
    )
