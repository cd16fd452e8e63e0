"""The shopping list of aims: status with reasons, wording with the original kept, merging."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import ShoppingItem, ShoppingStatus
from voice_app.shopping import merge, reword, set_status
from voice_app.web.access import get_or_404, require_group, scope
from voice_app.web.form_safety import keeps_typing
from voice_app.web.forms import (
    ShoppingMergeForm,
    ShoppingStatusForm,
    ShoppingWordingForm,
    submit,
)

bp = Blueprint("shopping", __name__, url_prefix="/shopping")
STATUS_KIND = {
    "proposed": "due",
    "agreed aim": "neutral",
    "in progress": "neutral",
    "achieved": "ok",
    "not possible": "late",
}


@bp.get("")
@login_required
def index():
    status = request.args.get("status", "")
    query = scope(select(ShoppingItem), ShoppingItem.group_id, current_user).where(
        ShoppingItem.merged_into_id.is_(None)
    )
    if status in {s.value for s in ShoppingStatus}:
        query = query.where(ShoppingItem.status == ShoppingStatus(status))
    items = list(db.session.scalars(query.order_by(ShoppingItem.created_at.desc())))
    return render_template(
        "shopping/index.html",
        title="Shopping list",
        items=items,
        status=status,
        statuses=list(ShoppingStatus),
        kinds=STATUS_KIND,
    )


def _item(item_id: int) -> ShoppingItem:
    item = get_or_404(ShoppingItem, item_id)
    require_group(current_user, item.group_id)
    return item


def _render(item: ShoppingItem, status_form=None, wording_form=None, merge_form=None, code=200):
    others = db.session.scalars(
        select(ShoppingItem)
        .where(
            ShoppingItem.group_id == item.group_id,
            ShoppingItem.id != item.id,
            ShoppingItem.merged_into_id.is_(None),
        )
        .order_by(ShoppingItem.id)
    ).all()
    merge_form = merge_form or ShoppingMergeForm()
    merge_form.into.choices = [(o.id, f"#{o.id}: {(o.text or '')[:80]}") for o in others]
    duplicates = db.session.scalars(
        select(ShoppingItem).where(ShoppingItem.merged_into_id == item.id)
    ).all()
    forms = [
        status_form or ShoppingStatusForm(status=str(item.status), reason=item.status_reason),
        wording_form or ShoppingWordingForm(text=item.text),
        merge_form,
    ]
    return render_template(
        "shopping/show.html",
        title=f"Shopping-list item {item.id}",
        item=item,
        merged_into=db.session.get(ShoppingItem, item.merged_into_id)
        if item.merged_into_id
        else None,
        duplicates=duplicates,
        status_form=forms[0],
        wording_form=forms[1],
        merge_form=forms[2],
        all_forms=forms,
        kinds=STATUS_KIND,
    ), code


@bp.get("/<int:item_id>")
@login_required
def show(item_id: int):
    return _render(_item(item_id))


def _apply(item: ShoppingItem, form, change, **render_kwargs):
    """Run a change from a valid form; show the error beside its field otherwise."""
    if submit(form, change):
        flash("Saved.", "success")
        return redirect(url_for("shopping.show", item_id=item.id))
    return _render(item, code=400, **render_kwargs)


@bp.post("/<int:item_id>/status")
@login_required
@keeps_typing
def change_status(item_id: int):
    item = _item(item_id)
    form = ShoppingStatusForm()
    return _apply(
        item,
        form,
        lambda: set_status(item, ShoppingStatus(form.status.data), form.reason.data, current_user),
        status_form=form,
    )


@bp.post("/<int:item_id>/wording")
@login_required
@keeps_typing
def change_wording(item_id: int):
    item = _item(item_id)
    form = ShoppingWordingForm()
    return _apply(item, form, lambda: reword(item, form.text.data, current_user), wording_form=form)


@bp.post("/<int:item_id>/merge")
@login_required
def merge_into(item_id: int):
    item = _item(item_id)
    form = ShoppingMergeForm()
    raw = request.form.get("into", "")
    into = db.session.get(ShoppingItem, int(raw)) if raw.isdigit() else None
    form.into.choices = [(into.id, "")] if into else []
    return _apply(item, form, lambda: merge(item, into, current_user), merge_form=form)
