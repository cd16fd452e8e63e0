"""Shopping-list changes: statuses with reasons, rewording that keeps the resident's words,
and merging duplicates."""

from __future__ import annotations

from sqlalchemy import select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import ShoppingItem, ShoppingStatus, User


def set_status(item: ShoppingItem, status: ShoppingStatus, reason: str | None, user: User) -> None:
    reason = (reason or "").strip() or None
    if status == ShoppingStatus.NOT_POSSIBLE and not reason:
        raise InputError(
            "Say why this aim is not possible: residents will hear the reason.", "reason"
        )
    previous = item.status
    item.status = status
    item.status_reason = reason
    audit.record(
        user,
        "shopping.status",
        about=item,
        previous=str(previous),
        status=str(status),
        reason=reason,
    )


def reword(item: ShoppingItem, text: str, user: User) -> None:
    text = " ".join((text or "").split())
    if not text:
        raise InputError("Write the item's wording.", "text")
    if text == item.text:
        raise InputError("The wording is unchanged.", "text")
    if item.original_text is None:
        item.original_text = item.text
    previous = item.text
    item.text = text
    audit.record(user, "shopping.reworded", about=item, previous=previous)


def merge(item: ShoppingItem, into: ShoppingItem | None, user: User) -> None:
    """Mark item as a duplicate of into; who asked is kept on both."""
    if into is None or into.group_id != item.group_id:
        raise InputError("Choose an item from the same group's list.", "into")
    if into.id == item.id:
        raise InputError("An item cannot be merged into itself.", "into")
    if into.merged_into_id is not None:
        raise InputError("That item is itself merged; choose the one it was merged into.", "into")
    item.merged_into_id = into.id
    for duplicate in db.session.scalars(
        select(ShoppingItem).where(ShoppingItem.merged_into_id == item.id)
    ):
        duplicate.merged_into_id = into.id
    audit.record(user, "shopping.merged", about=item, into=into.id)
