"""Twilio signature checks: every /voice/* request must be signed with our auth token."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator


def signed_url() -> str:
    """The URL Twilio signed: our public base URL plus the path and query it requested."""
    base = current_app.config["SETTINGS"].public_base_url
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def is_valid_twilio_request() -> bool:
    token = current_app.config["SETTINGS"].twilio_auth_token
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    params = request.form.to_dict(flat=True) if request.method == "POST" else {}
    return RequestValidator(token).validate(signed_url(), params, signature)


def twilio_signed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse, with 403, any request that Twilio did not sign."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not is_valid_twilio_request():
            current_app.logger.warning("refused unsigned request to %s", request.path)
            abort(403, description="This webhook only answers requests signed by Twilio.")
        return view(*args, **kwargs)

    return wrapper
