"""Group settings and payment policy: for the group's coordinators and admins only."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from voice_app.group_settings import update_group_settings
from voice_app.models import Group, PolicyKind
from voice_app.payments.policy import policy_for, update_policy
from voice_app.web.access import can_manage, get_or_404, require_manager, visible_groups
from voice_app.web.form_safety import keeps_typing
from voice_app.web.forms import submit
from voice_app.web.groups.forms import GroupSettingsForm
from voice_app.web.money.forms import PolicyForm

bp = Blueprint("groups", __name__, url_prefix="/groups")


def _values(form) -> dict:
    return {k: v for k, v in form.data.items() if k != "csrf_token"}


def _group(group_id: int) -> Group:
    group = get_or_404(Group, group_id)
    require_manager(current_user, group.id)
    return group


def _page(template: str, title: str, group: Group, form, **extra):
    code = 400 if form.errors or form.form_errors else 200
    return render_template(template, title=title, group=group, form=form, **extra), code


@bp.get("")
@login_required
def index():
    groups = visible_groups(current_user)
    return render_template(
        "groups/index.html",
        title="Groups",
        groups=groups,
        managed={g.id for g in groups if can_manage(current_user, g.id)},
    )


@bp.route("/<int:group_id>/settings", methods=["GET", "POST"])
@login_required
@keeps_typing
def settings(group_id: int):
    group = _group(group_id)
    form = GroupSettingsForm(obj=group)
    changed = submit(form, lambda: update_group_settings(group, current_user, **_values(form)))
    if changed is not None:
        flash("Group settings saved." if changed else "Nothing was changed.", "success")
        return redirect(url_for("groups.settings", group_id=group.id))
    return _page("groups/settings.html", f"Settings: {group.name}", group, form)


@bp.route("/<int:group_id>/payment-policy", methods=["GET", "POST"])
@login_required
@keeps_typing
def payment_policy(group_id: int):
    group = _group(group_id)
    policy = policy_for(group)
    form = PolicyForm(obj=policy, kind=str(policy.kind))
    if submit(form, lambda: update_policy(group, current_user, **_values(form))):
        flash("Payment policy saved.", "success")
        return redirect(url_for("groups.payment_policy", group_id=group.id))
    return _page(
        "groups/policy.html",
        f"Payment policy: {group.name}",
        group,
        form,
        policy=policy,
        session_kind=PolicyKind.SESSION.value,
    )
