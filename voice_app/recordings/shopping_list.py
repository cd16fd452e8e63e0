"""The shopping list as the phone reads it: agreed aims and their progress, newest changes first."""

from __future__ import annotations

from sqlalchemy import func, select

from voice_app.extensions import db
from voice_app.models import ShoppingItem, ShoppingStatus

READ_ALOUD = (ShoppingStatus.AGREED, ShoppingStatus.IN_PROGRESS, ShoppingStatus.ACHIEVED)


def agreed_items(group_id: int) -> list[ShoppingItem]:
    """Aims the group has agreed, in progress or achieved; proposals are not read out."""
    return list(
        db.session.scalars(
            select(ShoppingItem)
            .where(
                ShoppingItem.group_id == group_id,
                ShoppingItem.status.in_(READ_ALOUD),
                ShoppingItem.merged_into_id.is_(None),
                ShoppingItem.text.is_not(None),
                ShoppingItem.text != "",
            )
            .order_by(ShoppingItem.updated_at.desc(), ShoppingItem.id.desc())
        )
    )


def proposals_waiting(group_id: int) -> int:
    """How many proposals wait for the group to discuss them."""
    return db.session.scalar(
        select(func.count())
        .select_from(ShoppingItem)
        .where(
            ShoppingItem.group_id == group_id,
            ShoppingItem.status == ShoppingStatus.PROPOSED,
            ShoppingItem.merged_into_id.is_(None),
        )
    )
