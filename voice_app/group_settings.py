"""A group's own settings: name, phone numbers, notice rules, outreach limits, payment limits.

Each changed setting gets its own audit entry (before and after), so the log says plainly who
changed what. Payment limits go through the payment policy's own checks.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from voice_app import audit
from voice_app.directory import group_phone_number, normalise_phone
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import Group, User
from voice_app.payments.policy import GROUP_LIMITS, update_policy
from voice_app.permissions import require_coordinator
from voice_app.speech.phone_voices import EN_GB_VOICES

# setting: (smallest, largest)
DAY_LIMITS = {"papers_deadline_days": (1, 60), "min_notice_days": (1, 120)}
DAILY_CAP_LIMITS = (0, 10_000)
MOST_RETRIES = 10
LONGEST_RETRY_MINUTES = 24 * 60


def update_group_settings(group: Group, user: User, **changes: Any) -> list[str]:
    """Check and apply the given settings; returns the names of those that changed."""
    require_coordinator(user, group.id)
    limits = {name: changes.pop(name) for name in GROUP_LIMITS if name in changes}
    cleaned = {name: _clean(group, name, value) for name, value in changes.items()}
    deadline = cleaned.get("papers_deadline_days", group.papers_deadline_days)
    notice = cleaned.get("min_notice_days", group.min_notice_days)
    if deadline > notice:
        raise InputError(
            "The papers deadline cannot be more days before the meeting than the minimum "
            f"notice ({notice} days): papers would be late before the meeting was called.",
            "papers_deadline_days",
        )
    changed = []
    for name, value in cleaned.items():
        old = getattr(group, name)
        if old != value:
            setattr(group, name, value)
            changed.append(name)
            audit.record(
                user,
                "group.setting_changed",
                entity="group",
                entity_id=group.id,
                group_id=group.id,
                setting=name,
                before=old,
                after=value,
            )
    before_limits = {name: getattr(group, name) for name in limits}
    if limits:
        update_policy(group, user, **limits)
    changed += [name for name, old in before_limits.items() if getattr(group, name) != old]
    db.session.flush()
    return changed


def _clean(group: Group, name: str, value: Any) -> Any:
    if name == "name":
        return _name(group, value)
    if name == "phone_voice":
        if value not in EN_GB_VOICES:
            raise InputError("Choose one of the British voices offered.", name)
        return value
    if name in ("guests_allowed", "free_callback", "papers_by_say"):
        if not isinstance(value, bool):
            raise InputError("This setting is yes or no.", name)
        return value
    if name in ("coordinator_phone", "phone_number"):
        return _phone(group, name, value)
    if name in DAY_LIMITS:
        return _whole(name, value, *DAY_LIMITS[name])
    if name == "outbound_daily_cap":
        return _whole(name, value, *DAILY_CAP_LIMITS)
    if name == "outbound_retry_minutes":
        return retry_schedule_text(value)
    raise InputError(f"A group has no setting {name!r}.", name)


def _name(group: Group, value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name or len(name) > 200:
        raise InputError("A group needs a name of 1 to 200 characters.", "name")
    other = db.session.scalar(select(Group).where(Group.name == name, Group.id != group.id))
    if other is not None:
        raise InputError(f"Another group is already called {name!r}.", "name")
    return name


def _phone(group: Group, name: str, value: Any) -> str | None:
    if name == "phone_number":
        return group_phone_number(value, group)
    if not str(value or "").strip():
        return None
    try:
        return normalise_phone(str(value))
    except InputError as exc:
        raise InputError(str(exc), name) from None


def _whole(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InputError(f"Enter a whole number from {low} to {high}.", name)
    return value


def retry_schedule_text(value: Any) -> str:
    """ "15, 60,240" -> "15,60,240": minutes to wait after each unanswered call; empty: no retry."""
    parts = [p.strip() for p in str(value or "").split(",")]
    if parts == [""]:
        return ""
    field = "outbound_retry_minutes"
    if len(parts) > MOST_RETRIES:
        raise InputError(f"At most {MOST_RETRIES} retries.", field)
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= LONGEST_RETRY_MINUTES:
            raise InputError(
                "Write minutes between tries as whole numbers from 1 to "
                f"{LONGEST_RETRY_MINUTES}, separated by commas, like 15,60,240.",
                field,
            )
    return ",".join(str(int(p)) for p in parts)
