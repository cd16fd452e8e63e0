"""Shopping-list changes: statuses with reasons (one item or many), rewording that keeps the
resident's words, and merging duplicates (with an undo)."""

from __future__ import annotations

from sqlalchemy import select

from voice_app import audit
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, ShoppingItem, ShoppingStatus, User


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


def check_merge(item: ShoppingItem, into: ShoppingItem | None) -> ShoppingItem:
    """Why a merge cannot happen, before anyone is asked to confirm it."""
    if into is None or into.group_id != item.group_id:
        raise InputError("Choose the item this one is the same as.", "into")
    if into.id == item.id:
        raise InputError("An item cannot be merged into itself.", "into")
    if item.merged_into_id is not None:
        raise InputError("This item is already merged. Undo that merge first.", "into")
    if into.merged_into_id is not None:
        raise InputError("That item is itself merged; choose the one it was merged into.", "into")
    return into


def merge(item: ShoppingItem, into: ShoppingItem | None, user: User) -> None:
    """Mark item as a duplicate of into; who asked is kept on both. Items already merged into
    item move to into as well, and the audit entry names them so an undo can move them back."""
    into = check_merge(item, into)
    item.merged_into_id = into.id
    moved = []
    for duplicate in db.session.scalars(
        select(ShoppingItem).where(ShoppingItem.merged_into_id == item.id)
    ):
        duplicate.merged_into_id = into.id
        moved.append(duplicate.id)
    audit.record(user, "shopping.merged", about=item, into=into.id, moved=moved or None)


def unmerge(item: ShoppingItem, user: User) -> ShoppingItem:
    """Undo a merge: item is back on the list, and the duplicates it brought go back to it.

    Returns the item it had been merged into. Status and wording were never changed by the
    merge, so both items are as they were.
    """
    if item.merged_into_id is None:
        raise InputError("This item is not merged into another.", "item")
    into = db.session.get(ShoppingItem, item.merged_into_id)
    entry = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "shopping.merged",
            AuditEntry.entity == "shopping_item",
            AuditEntry.entity_id == item.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    moved = set((entry.detail or {}).get("moved") or []) if entry else set()
    restored = []
    for duplicate in db.session.scalars(
        select(ShoppingItem).where(ShoppingItem.merged_into_id == into.id)
    ):
        if duplicate.id in moved:
            duplicate.merged_into_id = item.id
            restored.append(duplicate.id)
    item.merged_into_id = None
    audit.record(
        user, "shopping.unmerged", about=item, was_merged_into=into.id, restored=restored or None
    )
    return into


def agree_all(items: list[ShoppingItem], user: User) -> int:
    """Agree many proposed items as aims at once; each change is audited on its own.

    Returns how many changed. Items no longer proposed (someone decided meanwhile) are left.
    """
    if not items:
        raise InputError("Choose at least one item to agree.", "items")
    changed = 0
    for item in items:
        if item.status == ShoppingStatus.PROPOSED and item.merged_into_id is None:
            set_status(item, ShoppingStatus.AGREED, None, user)
            changed += 1
    return changed
