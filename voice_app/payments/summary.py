"""What a resident has been paid and what is still to come, and running totals beside limits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import Group, Meeting, Payment, PaymentStatus, Person, utcnow
from voice_app.prompts import say


@dataclass(frozen=True)
class PaymentSummary:
    paid_pence: int
    approved_pence: int
    pending_pence: int
    last_paid_at: datetime | None
    last_paid_pence: int | None
    payments: int


def payment_summary(person: Person) -> PaymentSummary:
    """Totals paid, approved (waiting to be paid) and pending (waiting for approval)."""
    rows = db.session.scalars(select(Payment).where(Payment.person_id == person.id)).all()
    totals = {status: 0 for status in PaymentStatus}
    for row in rows:
        totals[row.status] += row.amount_pence
    paid = [r for r in rows if r.status == PaymentStatus.PAID and r.paid_at is not None]
    last = max(paid, key=lambda r: r.paid_at, default=None)
    return PaymentSummary(
        paid_pence=totals[PaymentStatus.PAID],
        approved_pence=totals[PaymentStatus.APPROVED],
        pending_pence=totals[PaymentStatus.PENDING],
        last_paid_at=last.paid_at if last else None,
        last_paid_pence=last.amount_pence if last else None,
        payments=len(rows),
    )


def spoken_amount(pence: int, language: str) -> str:
    """Money as it is said: "12 pounds 50", "75 pence", "no money"."""
    pounds, left = divmod(pence, 100)
    one = "one_pound" if pounds == 1 else "pounds"
    if pounds and left:
        return say(f"money_{one}_pence", pounds=pounds, pence=left, language=language)
    if pounds:
        return say(f"money_{one}", pounds=pounds, language=language)
    if left == 1:
        return say("money_one_penny", language=language)
    return (
        say("money_pence", pence=left, language=language)
        if left
        else say("money_none", language=language)
    )


def summary_sentences(summary: PaymentSummary, timezone: str, *, language: str) -> list[str]:
    """The summary as sentences for the phone line to say, in order."""
    if summary.payments == 0:
        return [say("payments_none", language=language)]
    amounts = (
        ("payments_paid", summary.paid_pence),
        ("payments_approved", summary.approved_pence),
        ("payments_pending", summary.pending_pence),
    )  # a zero amount is not read: "nothing is waiting to be approved" says nothing useful
    sentences = [
        say(prompt, amount=spoken_amount(pence, language=language), language=language)
        for prompt, pence in amounts
        if pence
    ]
    if summary.last_paid_at is not None:
        day = summary.last_paid_at.astimezone(ZoneInfo(timezone))
        sentences.append(
            say(
                "payments_last",
                amount=spoken_amount(summary.last_paid_pence or 0, language=language),
                date=f"{day:%A} {day.day} {day:%B %Y}",
                language=language,
            )
        )
    return sentences


@dataclass(frozen=True)
class RunningTotals:
    """Income this week and month (fees only: expenses are refunds) beside the group's limits."""

    week_start: date
    month_start: date
    week_pence: int
    month_pence: int
    weekly_limit_pence: int | None
    monthly_limit_pence: int | None

    @property
    def over_weekly(self) -> bool:
        return self.weekly_limit_pence is not None and self.week_pence > self.weekly_limit_pence

    @property
    def over_monthly(self) -> bool:
        limit = self.monthly_limit_pence
        return limit is not None and self.month_pence > limit


def running_totals(person: Person, group: Group, at: datetime | None = None) -> RunningTotals:
    """Totals for meetings in the week (from Monday) and calendar month around `at`, local time."""
    zone = ZoneInfo(group.timezone)
    today = (at or utcnow()).astimezone(zone).date()
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    start = min(week_start, month_start)
    end = max(week_start + timedelta(days=7), next_month)
    rows = db.session.execute(
        select(Payment, Meeting.starts_at)
        .join(Meeting, Meeting.id == Payment.meeting_id)
        .where(
            Payment.person_id == person.id,
            Meeting.group_id == group.id,
            Meeting.starts_at >= _local_midnight(start, zone),
            Meeting.starts_at < _local_midnight(end, zone),
        )
    ).all()
    week = month = 0
    for payment, starts_at in rows:
        day = starts_at.astimezone(zone).date()
        income = split(payment)[0]
        if week_start <= day < week_start + timedelta(days=7):
            week += income
        if month_start <= day < next_month:
            month += income
    return RunningTotals(
        week_start=week_start,
        month_start=month_start,
        week_pence=week,
        month_pence=month,
        weekly_limit_pence=group.weekly_payment_limit_pence,
        monthly_limit_pence=group.monthly_payment_limit_pence,
    )


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def split(payment: Payment) -> tuple[int, int]:
    """The fee (income) and the travel and care costs (refunds) in a payment, adding up to its
    amount; a payment corrected below its claimed costs is all refund."""
    expenses = min(payment.expenses_pence, payment.amount_pence)
    return payment.amount_pence - expenses, expenses


@dataclass(frozen=True)
class MoneyTotals:
    """What some payments add up to: the money page and the finance export agree on these."""

    fee_pence: int = 0
    expenses_pence: int = 0

    @property
    def total_pence(self) -> int:
        return self.fee_pence + self.expenses_pence


def totals(payments: Iterable[Payment]) -> MoneyTotals:
    fees = costs = 0
    for payment in payments:
        fee, expenses = split(payment)
        fees, costs = fees + fee, costs + expenses
    return MoneyTotals(fees, costs)
