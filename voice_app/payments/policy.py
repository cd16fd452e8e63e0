"""A group's payment policy: the defaults, audited changes, and the fee for some minutes.

Hourly: minutes are rounded (up, to the nearest, or down) to a step, paid at the hourly rate to
the nearest penny, and never less than the minimum. Session (as NHS England's involvement
payments): up to `half_day_max_minutes` is a half day, anything longer a full day.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Group, PaymentPolicy, PolicyKind, User
from voice_app.permissions import require_coordinator

ROUNDING_MODES = ("up", "nearest", "down")

# field: (smallest, largest) for whole-number settings
LIMITS: dict[str, tuple[int, int]] = {
    "hourly_rate_pence": (0, 100_000),
    "rounding_minutes": (1, 240),
    "minimum_pence": (0, 100_000),
    "half_day_pence": (0, 500_000),
    "full_day_pence": (0, 500_000),
    "half_day_max_minutes": (1, 720),
    "preparation_cap_minutes": (0, 600),
}
GROUP_LIMITS = ("weekly_payment_limit_pence", "monthly_payment_limit_pence")


def policy_for(group: Group | int) -> PaymentPolicy:
    """The group's policy, made with the documented defaults if it has none yet."""
    group_id = group if isinstance(group, int) else group.id
    policy = db.session.scalar(select(PaymentPolicy).where(PaymentPolicy.group_id == group_id))
    if policy is None:
        policy = PaymentPolicy(group_id=group_id)
        db.session.add(policy)
        db.session.flush()
    return policy


def update_policy(group: Group, user: User, **changes: Any) -> PaymentPolicy:
    """Change some of the group's policy (and its weekly and monthly limits), with checks."""
    require_coordinator(user, group.id)
    policy = policy_for(group)
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    half = cleaned.get("half_day_pence", policy.half_day_pence)
    full = cleaned.get("full_day_pence", policy.full_day_pence)
    if half > full:
        raise InputError("A half day cannot pay more than a full day.", "half_day_pence")
    before: dict[str, Any] = {}
    for name, value in cleaned.items():
        target = group if name in GROUP_LIMITS else policy
        old = getattr(target, name)
        if old != value:
            before[name] = [_plain(old), _plain(value)]
            setattr(target, name, value)
    db.session.flush()
    if before:
        audit.record(
            user,
            "payment_policy.updated",
            entity="payment_policy",
            entity_id=policy.id,
            group_id=group.id,
            changes=before,
        )
    return policy


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, PolicyKind) else value


def _clean(name: str, value: Any) -> Any:
    if name == "kind":
        try:
            return PolicyKind(value)
        except ValueError:
            raise InputError("The policy kind is hourly or session.", "kind") from None
    if name == "rounding_mode":
        if value not in ROUNDING_MODES:
            raise InputError("Rounding is up, nearest or down.", "rounding_mode")
        return value
    if name == "pay_preparation":
        if not isinstance(value, bool):
            raise InputError("Paying for preparation is yes or no.", "pay_preparation")
        return value
    if name == "currency":
        if not (isinstance(value, str) and len(value) == 3 and value.isalpha()):
            raise InputError("A currency is a three-letter code such as GBP.", "currency")
        return value.upper()
    if name in GROUP_LIMITS:
        if value is None:
            return None
        return _whole(name, value, 0, 10_000_000)
    if name in LIMITS:
        return _whole(name, value, *LIMITS[name])
    raise InputError(f"The payment policy has no setting {name!r}.", name)


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name.replace('_', ' ')} must be a whole number.", name)
    if not low <= value <= high:
        raise InputError(f"{name.replace('_', ' ')} must be between {low} and {high}.", name)
    return value


def rounded_minutes(minutes: int, step: int, mode: str) -> int:
    """Minutes rounded to a step: exactly on a step stays; `nearest` rounds halves up."""
    if step <= 1:
        return minutes
    whole, left = divmod(minutes, step)
    if left == 0 or mode == "down":
        return whole * step
    if mode == "up" or 2 * left >= step:
        return (whole + 1) * step
    return whole * step


def fee_pence(policy: PaymentPolicy, minutes: int) -> int:
    """The fee for this much time under the policy; no time, no fee."""
    if minutes <= 0:
        return 0
    if policy.kind == PolicyKind.SESSION:
        half_day = minutes <= policy.half_day_max_minutes
        return policy.half_day_pence if half_day else policy.full_day_pence
    paid_minutes = rounded_minutes(minutes, policy.rounding_minutes, policy.rounding_mode)
    # pence = minutes * rate / 60, to the nearest penny (halves up), in integers only
    amount = (2 * paid_minutes * policy.hourly_rate_pence + 60) // 120
    return max(amount, policy.minimum_pence)
