"""The shopping list of aims: status with reasons (one item or many), wording with the original
kept, and merging duplicates: choose, check, confirm, and undo."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import ShoppingItem, ShoppingStatus
from voice_app.shopping import agree_all, check_merge, merge, reword, set_status, unmerge
from voice_app.web.access import get_or_404, require_group, scope
from voice_app.web.form_safety import keeps_typing
from voice_app.web.forms import (
    ActionForm,
    ShoppingStatusForm,
    ShoppingWordingForm,
    attach_error,
    submit,
)
from voice_app.web.shopping.forms import AgreeForm, MergeChoiceForm, MergeForm, parse_item_id

bp = Blueprint("shopping", __name__, url_prefix="/shopping")
STATUS_KIND = {
    "proposed": "due",
    "agreed aim": "neutral",
    "in progress": "neutral",
    "achieved": "ok",
    "not possible": "late",
}


def _listed(status: str):
    query = scope(select(ShoppingItem), ShoppingItem.group_id, current_user).where(
        ShoppingItem.merged_into_id.is_(None)
    )
    if status in {s.value for s in ShoppingStatus}:
        query = query.where(ShoppingItem.status == ShoppingStatus(status))
    return list(db.session.scalars(query.order_by(ShoppingItem.created_at.desc())))


def _render_index(status: str, form: AgreeForm, code: int = 200):
    return render_template(
        "shopping/index.html",
        title="Shopping list",
        items=_listed(status),
        status=status,
        statuses=list(ShoppingStatus),
        kinds=STATUS_KIND,
        form=form,
    ), code


@bp.get("")
@login_required
def index():
    return _render_index(request.args.get("status", ""), AgreeForm(formdata=None))


@bp.post("/agree")
@login_required
def agree():
    """Agree the chosen proposed items as aims, with one button."""
    form = AgreeForm()
    chosen = [parse_item_id(v) for v in request.form.getlist("items")]
    form.items.choices = [(i, "") for i in chosen]
    items = [get_or_404(ShoppingItem, i) if i else abort(404) for i in chosen]
    for item in items:
        require_group(current_user, item.group_id)
    changed = submit(form, lambda: agree_all(items, current_user))
    if changed is None:
        return _render_index(request.form.get("status", ""), form, 400)
    flash(f"{changed} item{'' if changed == 1 else 's'} agreed as aims.", "success")
    return redirect(url_for("shopping.index", status=request.form.get("status") or None))


def _item(item_id: int) -> ShoppingItem:
    item = get_or_404(ShoppingItem, item_id)
    require_group(current_user, item.group_id)
    return item


def _render(item: ShoppingItem, status_form=None, wording_form=None, code=200):
    forms = [
        status_form or ShoppingStatusForm(status=str(item.status), reason=item.status_reason),
        wording_form or ShoppingWordingForm(text=item.text),
    ]
    return render_template(
        "shopping/show.html",
        title=f"Shopping-list item {item.id}",
        item=item,
        merged_into=db.session.get(ShoppingItem, item.merged_into_id)
        if item.merged_into_id
        else None,
        duplicates=_duplicates(item),
        can_merge=bool(_others(item)),
        status_form=forms[0],
        wording_form=forms[1],
        all_forms=forms,
        action=ActionForm(),
        kinds=STATUS_KIND,
    ), code


def _duplicates(item: ShoppingItem) -> list[ShoppingItem]:
    query = select(ShoppingItem).where(ShoppingItem.merged_into_id == item.id)
    return list(db.session.scalars(query.order_by(ShoppingItem.id)))


def _others(item: ShoppingItem) -> list[ShoppingItem]:
    """What the item could be merged into: the rest of its group's list."""
    if item.merged_into_id is not None:
        return []
    query = select(ShoppingItem).where(
        ShoppingItem.group_id == item.group_id,
        ShoppingItem.id != item.id,
        ShoppingItem.merged_into_id.is_(None),
    )
    return list(db.session.scalars(query.order_by(ShoppingItem.id)))


@bp.get("/<int:item_id>")
@login_required
def show(item_id: int):
    return _render(_item(item_id))


def _shown(item: ShoppingItem):
    return redirect(url_for("shopping.show", item_id=item.id, _anchor="main"))


def _apply(item: ShoppingItem, form, change, **render_kwargs):
    """Run a change from a valid form; show the error beside its field otherwise."""
    if submit(form, change):
        flash("Saved.", "success")
        return _shown(item)
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


def _choose(item: ShoppingItem, form: MergeChoiceForm, code: int = 200):
    others = _others(item)
    return render_template(
        "shopping/merge_choose.html",
        title=f"Merge item {item.id} with a duplicate",
        item=item,
        others=others,
        form=form,
    ), code


@bp.get("/<int:item_id>/merge")
@login_required
def choose_merge(item_id: int):
    """Step one: choose the item it duplicates. Nothing is chosen for you."""
    item = _item(item_id)
    if not _others(item):
        abort(404)  # merged already, or nothing else on the list
    return _choose(item, MergeChoiceForm(request.args if "into" in request.args else None))


def _checked(item: ShoppingItem, form) -> ShoppingItem | None:
    """The item to merge into, if the merge can happen; otherwise the error is on the form."""
    if not form.validate():
        return None
    try:
        return check_merge(item, db.session.get(ShoppingItem, form.into.data))
    except InputError as exc:
        attach_error(form, exc)
        return None


@bp.get("/<int:item_id>/merge/check")
@login_required
def check(item_id: int):
    """Step two: check what will happen, then confirm."""
    item = _item(item_id)
    form = MergeChoiceForm(request.args)
    into = _checked(item, form)
    if into is None:
        return _choose(item, form, 400)
    return render_template(
        "shopping/merge_check.html",
        title="Check before you merge",
        item=item,
        into=into,
        moving=_duplicates(item),
        form=MergeForm(into=into.id),
    )


@bp.post("/<int:item_id>/merge")
@login_required
def merge_into(item_id: int):
    """Step three: the merge itself, after the check page; it can be undone."""
    item = _item(item_id)
    form = MergeForm()
    into = _checked(item, form)
    if into is None:
        if form.errors.get("csrf_token"):
            abort(400)
        choice = MergeChoiceForm(None)
        choice.into.errors = [m for e in form.errors.values() for m in e]
        return _choose(item, choice, 400)
    merge(item, into, current_user)
    db.session.commit()
    flash(f"Merged into item {into.id}. Changed your mind? Undo it below.", "success")
    return _shown(item)


@bp.post("/<int:item_id>/unmerge")
@login_required
def undo_merge(item_id: int):
    item = _item(item_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        into = unmerge(item, current_user)
    except InputError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _shown(item)
    db.session.commit()
    flash(f"Merge undone: this item is back on the list, apart from item {into.id}.", "success")
    return _shown(item)
