"""Every form's CSRF token: rendered without an id (a page holds many forms), with a note of
when the form expires, and, on views that allow it, an expired form sent back with what was
typed instead of a bare error page. Nothing is saved until a fresh submit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g, request
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms.csrf.core import CSRFTokenField

from voice_app.models import utcnow
from voice_app.web.formatting import DEFAULT_ZONE

# Fields a person never types into: a form made only of these is a button, with no notice.
_UNTYPED = {"CSRFTokenField", "HiddenField", "SubmitField"}


def expiry_notice(seconds: int) -> Markup:
    """Says when a form stops working; forms.js warns a few minutes before, and again after."""
    ends = (utcnow() + timedelta(seconds=seconds)).astimezone(ZoneInfo(DEFAULT_ZONE))
    clock = f"{ends.hour % 12 or 12}:{ends:%M}{'am' if ends.hour < 12 else 'pm'}"
    return Markup(
        '<p class="hint form-expiry" data-expires-in="{}">For your safety this form expires at '
        "{} (UK time). If it expires, what you typed is kept and you are asked to send it "
        "again.</p>"
    ).format(seconds, clock)


class Form(FlaskForm):
    """The base of every form in the web view (a test checks): see the module's docstring."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, CSRFTokenField):
                field.owner = form
            return field

        def render_field(self, field, render_kw):
            if not isinstance(field, CSRFTokenField):
                return super().render_field(field, render_kw)
            hidden = super().render_field(field, {**render_kw, "id": False})
            if all(other.type in _UNTYPED for other in field.owner):
                return hidden
            return hidden + expiry_notice(int(self.csrf_time_limit or 0) or 3600)

    def validate(self, extra_validators=None) -> bool:
        """Never valid while an expired or forged form is being shown again (see rerun)."""
        valid = super().validate(extra_validators)
        failure = g.get("csrf_failure")
        if failure is None:
            return valid
        if self.meta.csrf:
            self[self.meta.csrf_field_name].errors = [failure]
        return False


def keeps_typing(view: Callable) -> Callable:
    """Mark a view whose form is only acted on after `validate_on_submit` (as `forms.submit`
    does): when its CSRF token fails, the view runs again to show the form with what was typed
    and the error, and no form can be valid during that run."""
    view.keeps_typing = True
    return view


def rerun(error) -> object | None:
    """The view's page with the typed form and a clear error, or None when the view is not
    marked with `keeps_typing` (the caller shows the plain error page then)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if request.method != "POST" or not getattr(view, "keeps_typing", False):
        return None
    g.csrf_failure = str(error.description)
    return current_app.ensure_sync(view)(**(request.view_args or {}))
