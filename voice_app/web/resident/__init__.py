"""A resident's own page: read the papers, comment, add to the shopping list, see attendance and
payments, change contact preferences. Signed in by a single-use link and the resident's PIN;
no JavaScript needed. Everything here is scoped to the group the link was made for.
"""

from __future__ import annotations

from flask import Blueprint

from voice_app.text_relay import text_relay

bp = Blueprint("resident", __name__, url_prefix="/me", template_folder="templates")
bp.add_app_template_filter(text_relay, "text_relay")

from voice_app.web.resident import views  # noqa: E402,F401  (routes register on bp)
