"""Residents and officers: contact, phone preferences, payment choice, PINs, access needs,
co-chairs. Co-chairs may look; coordinators change; bank details only for coordinators."""

from __future__ import annotations

from decimal import Decimal

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from voice_app import people
from voice_app.directory import add_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AccessNeed, Membership, Person, Role
from voice_app.payments.preference import benefits_note
from voice_app.web import once
from voice_app.web.access import can_manage, can_see, get_or_404, manages_all, visible_groups
from voice_app.web.form_safety import keeps_typing
from voice_app.web.formatting import WEB_LANGUAGE
from voice_app.web.forms import (
    AccessNeedForm,
    ActionForm,
    BankForm,
    NewPersonForm,
    PersonForm,
    submit,
)
from voice_app.web.money import resident_totals

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.get("")
@login_required
def index():
    groups = visible_groups(current_user)
    can_add = any(can_manage(current_user, g.id) for g in groups)
    chosen = request.args.get("group", type=int)
    if chosen:
        groups = [g for g in groups if g.id == chosen]
    return render_template("people/index.html", title="People", groups=groups, can_add=can_add)


def new_pin_page(person_id: int, added: bool = False) -> str:
    """Where a new PIN is shown once (new_pins.py): found by this send's token."""
    extra = {"added": 1} if added else {}
    return url_for("new_pins.shown", person_id=person_id, sent=once.token(), **extra)


def person_or_404(person_id: int, manage: bool = False) -> tuple[Person, list[Membership]]:
    """The person and their memberships in the signed-in person's groups (404 if none)."""
    person = get_or_404(Person, person_id)
    memberships = [m for m in person.memberships if can_see(current_user, m.group_id)]
    if not memberships or person.erased_at is not None:
        abort(404)
    if manage and not any(can_manage(current_user, m.group_id) for m in memberships):
        abort(403)
    return person, memberships


def membership_or_404(person_id: int, group_id: int) -> tuple[Person, Membership]:
    """The person and their membership of a group the signed-in coordinator runs."""
    person, memberships = person_or_404(person_id)
    membership = next((m for m in memberships if m.group_id == group_id), None)
    if membership is None:
        abort(404)
    if not can_manage(current_user, group_id):
        abort(403)
    return person, membership


def _render(person: Person, memberships, code: int = 200, **forms):
    manager = any(can_manage(current_user, m.group_id) for m in memberships)
    values = {
        **{c.key: getattr(person, c.key) for c in Person.__table__.columns},
        "payment_lower_amount": person.payment_lower_amount_pence,
        "contact_preference": str(person.contact_preference),
        "payment_preference": str(person.payment_preference),
    }
    all_forms = {
        "form": forms.get("form") or PersonForm(data=values),
        "bank_form": forms.get("bank_form") or BankForm(data=values),
        "need_form": forms.get("need_form") or AccessNeedForm(formdata=None),
    }
    return render_template(
        "people/show.html",
        title=person.name,
        person=person,
        memberships=memberships,
        manager=manager,
        sees_bank=manager,
        action=ActionForm(),
        all_forms=list(all_forms.values()),
        totals=resident_totals.for_person(
            person, [m.group for m in memberships if can_manage(current_user, m.group_id)]
        ),
        benefits_note=benefits_note(WEB_LANGUAGE),
        data_protection=manages_all(
            current_user, [m.group_id for m in person.memberships if m.active]
        ),
        **all_forms,
    ), code


@bp.get("/<int:person_id>")
@login_required
def show(person_id: int):
    return _render(*person_or_404(person_id))


def _apply(person, memberships, form_name: str, form, change, message: str):
    if submit(form, change):
        flash(message, "success")
        return redirect(url_for("people.show", person_id=person.id))
    return _render(person, memberships, 400, **{form_name: form})


@bp.post("/<int:person_id>")
@login_required
@keeps_typing
def update(person_id: int):
    person, memberships = person_or_404(person_id, manage=True)
    form = PersonForm()
    fields = {k: v for k, v in form.data.items() if k != "csrf_token"}
    if fields["payment_lower_amount"] is not None:  # the form reads pence; people.py takes pounds
        fields["payment_lower_amount"] = Decimal(fields["payment_lower_amount"]) / 100
    return _apply(
        person,
        memberships,
        "form",
        form,
        lambda: people.update_person(
            person, actor=current_user, group_id=memberships[0].group_id, **fields
        ),
        "Details saved.",
    )


@bp.post("/<int:person_id>/bank")
@login_required
def bank(person_id: int):
    person, memberships = person_or_404(person_id, manage=True)
    form = BankForm()
    return _apply(
        person,
        memberships,
        "bank_form",
        form,
        lambda: people.set_bank_details(
            person,
            form.bank_account_name.data,
            form.bank_sort_code.data,
            form.bank_account_number.data,
            current_user,
        ),
        "Bank details saved.",
    )


@bp.post("/<int:person_id>/needs")
@login_required
@once.guarded
def add_need(person_id: int):
    person, memberships = person_or_404(person_id, manage=True)
    form = AccessNeedForm()
    return _apply(
        person,
        memberships,
        "need_form",
        form,
        lambda: once.done(
            people.add_access_need(person, form.kind.data, form.detail.data, current_user),
            url_for("people.show", person_id=person.id),
        ),
        "Access need added.",
    )


@bp.post("/<int:person_id>/needs/<int:need_id>/remove")
@login_required
def remove_need(person_id: int, need_id: int):
    person, _ = person_or_404(person_id, manage=True)
    need = get_or_404(AccessNeed, need_id, person_id=person.id)
    people.remove_access_need(need, current_user)
    db.session.commit()
    flash(f"Access need removed: {need.kind}.", "success")
    return redirect(url_for("people.show", person_id=person.id))


@bp.post("/<int:person_id>/co-chair/<int:group_id>")
@login_required
def co_chair(person_id: int, group_id: int):
    person, membership = membership_or_404(person_id, group_id)
    on = request.form.get("co_chair") == "yes"
    try:
        replaced = people.set_co_chair(membership, on, current_user)
    except InputError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        note = f" {', '.join(replaced)} is no longer co-chair." if replaced else ""
        flash(
            ("Now co-chair of " if on else "No longer co-chair of ")
            + membership.group.name
            + "."
            + note,
            "success",
        )
    return redirect(url_for("people.show", person_id=person.id))


def _added(made: tuple[Person, str]) -> tuple[Person, str]:
    """Keep the new person's PIN, sealed, for the one page that shows it."""
    person, pin = made
    return once.done(made, new_pin_page(person.id, added=True), show_once=pin)


@bp.route("/new", methods=["GET", "POST"])
@login_required
@keeps_typing
@once.guarded
def new():
    groups = [g for g in visible_groups(current_user) if can_manage(current_user, g.id)]
    if not groups:
        abort(403)
    form = NewPersonForm()
    form.group.choices = [(g.id, g.name) for g in groups]
    by_id = {g.id: g for g in groups}
    added = submit(
        form,
        lambda: _added(
            add_person(
                by_id[form.group.data],
                form.name.data,
                form.phone.data or None,
                Role(form.role.data),
                actor=current_user,
            )
        ),
    )
    if added:
        return redirect(new_pin_page(added[0].id, added=True), 303)
    code = 400 if form.errors or form.form_errors else 200
    return render_template("people/new.html", title="Add a person", form=form), code
