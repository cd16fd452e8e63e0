"""Attendance and payments: mark in-person attendance, approve, mark paid, correct, export.
Only coordinators and admins handle money."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.directory import residents_of
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Attendance, Meeting, Payment, PaymentStatus, Person
from voice_app.payments import status as payment_status
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.payments.expenses import add_expense_claim, claims_for_meeting
from voice_app.payments.preference import benefits_note
from voice_app.payments.summary import totals
from voice_app.web import once
from voice_app.web.access import can_manage, get_or_404, require_manager, visible_groups
from voice_app.web.form_safety import keeps_typing
from voice_app.web.formatting import WEB_LANGUAGE, pounds
from voice_app.web.forms import ActionForm, CorrectionForm, submit
from voice_app.web.money import resident_totals
from voice_app.web.money.forms import ExpenseForm

bp = Blueprint("money", __name__, url_prefix="/money")


@bp.get("")
@login_required
def index():
    managed = [g for g in visible_groups(current_user) if can_manage(current_user, g.id)]
    ids = [g.id for g in managed]
    pending = db.session.scalars(
        select(Payment)
        .join(Meeting, Meeting.id == Payment.meeting_id)
        .where(Meeting.group_id.in_(ids), Payment.status.in_(payment_status.NOT_PAID_YET))
        .order_by(Meeting.starts_at, Payment.id)
    ).all()
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.group_id.in_(ids)).order_by(Meeting.starts_at.desc())
    ).all()
    return render_template(
        "money/index.html",
        title="Attendance and payments",
        payments=pending,
        meetings=meetings,
        managed=bool(ids),
        totals=resident_totals.for_groups(managed),
        benefits_note=benefits_note(WEB_LANGUAGE),
        action=ActionForm(),
    )


def meeting_for_manager(meeting_id: int) -> Meeting:
    """The meeting, for a coordinator of its group (404 for other groups, 403 for co-chairs)."""
    meeting = get_or_404(Meeting, meeting_id)
    require_manager(current_user, meeting.group_id)
    return meeting


def _attended_residents(meeting: Meeting) -> list[Person]:
    """Residents with attendance at the meeting: those who may claim expenses."""
    residents = residents_of(meeting)
    rows = db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    return sorted((a.person for a in rows if a.person_id in residents), key=lambda p: p.name)


def _render_meeting(meeting: Meeting, code: int = 200, expense_form: ExpenseForm | None = None):
    expense_form = expense_form or ExpenseForm(formdata=None)
    expense_form.person.choices = [
        (p.id, f"{p.name} ({p.member_number})") for p in _attended_residents(meeting)
    ]
    payments = db.session.scalars(
        select(Payment).where(Payment.meeting_id == meeting.id).order_by(Payment.id)
    ).all()
    return render_template(
        "money/meeting.html",
        title=f"Attendance and payments: {meeting.title}",
        meeting=meeting,
        attendance=db.session.scalars(
            select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(Attendance.id)
        ).all(),
        payments=payments,
        totals=totals(payments),
        claims=[(c, db.session.get(Person, c.person_id)) for c in claims_for_meeting(meeting)],
        expense_form=expense_form,
        all_forms=[expense_form],
        action=ActionForm(),
    ), code


@bp.get("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    return _render_meeting(meeting_for_manager(meeting_id))


@bp.post("/meetings/<int:meeting_id>/expenses")
@login_required
@keeps_typing
@once.guarded
def add_expense(meeting_id: int):
    found = meeting_for_manager(meeting_id)
    form = ExpenseForm()
    form.person.choices = [(p.id, p.name) for p in _attended_residents(found)]
    claim = submit(
        form,
        lambda: once.done(
            add_expense_claim(
                found,
                db.session.get(Person, form.person.data),
                form.kind.data,
                form.amount.data,
                form.note.data,
                current_user,
            ),
            url_for("money.meeting", meeting_id=found.id),
        ),
    )
    if claim:
        flash(
            f"{claim.kind.capitalize()} claim of {pounds(claim.amount_pence)} added. "
            "Work out payments again to include it.",
            "success",
        )
        return redirect(url_for("money.meeting", meeting_id=found.id))
    return _render_meeting(found, code=400, expense_form=form)


@bp.post("/meetings/<int:meeting_id>/calculate")
@login_required
def calculate(meeting_id: int):
    found = meeting_for_manager(meeting_id)
    made = calculate_for_meeting(found)
    db.session.commit()
    flash(f"Payments worked out for {len(made)} residents.", "success")
    return redirect(url_for("money.meeting", meeting_id=found.id))


def _payment(payment_id: int) -> Payment:
    payment = get_or_404(Payment, payment_id)
    require_manager(current_user, db.session.get(Meeting, payment.meeting_id).group_id)
    return payment


def _change(payment: Payment, change, message: str):
    try:
        change()
    except InputError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("money.meeting", meeting_id=payment.meeting_id))


@bp.post("/payments/<int:payment_id>/approve")
@login_required
def approve(payment_id: int):
    payment = _payment(payment_id)
    return _change(
        payment, lambda: payment_status.approve(payment, current_user), "Payment approved."
    )


@bp.post("/payments/<int:payment_id>/paid")
@login_required
def paid(payment_id: int):
    payment = _payment(payment_id)
    return _change(
        payment, lambda: payment_status.mark_paid(payment, current_user), "Marked as paid."
    )


@bp.route("/payments/<int:payment_id>/correct", methods=["GET", "POST"])
@login_required
@keeps_typing
def correct(payment_id: int):
    payment = _payment(payment_id)
    if payment.status == PaymentStatus.PAID:
        abort(404)
    form = CorrectionForm(data={"amount": payment.amount_pence})
    if submit(
        form,
        lambda: payment_status.correct(payment, form.amount.data, form.reason.data, current_user),
    ):
        flash("Payment corrected. It needs approving again.", "success")
        return redirect(url_for("money.meeting", meeting_id=payment.meeting_id))
    code = 400 if form.errors or form.form_errors else 200
    return render_template(
        "money/correct.html", title="Correct a payment", payment=payment, form=form
    ), code
