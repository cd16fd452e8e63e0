"""The coordinators' web view: sign-in, dashboard and one blueprint per area of work."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError

from voice_app.config import MAX_PAPER_MEGABYTES
from voice_app.extensions import db, login_manager
from voice_app.storage import StoreError
from voice_app.web import form_safety, formatting

# Every page of the web view: no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
NOT_WEB_BLUEPRINTS = {"phone", "health"}
TWILIO_BLUEPRINTS = {"phone", "sms"}  # they clean Twilio's fields themselves
assets = Blueprint(
    "assets",
    __name__,
    static_folder="static",
    static_url_path="/assets",
    template_folder="templates",
)


def register_web(app: Flask) -> None:
    """Blueprints, sign-in, security headers, error pages and template filters."""
    from voice_app.web import once
    from voice_app.web.auth import set_password
    from voice_app.web.auth import views as auth
    from voice_app.web.comments import views as comments
    from voice_app.web.dashboard import views as dashboard
    from voice_app.web.groups import audit_log, pronunciations, sent
    from voice_app.web.groups import views as groups
    from voice_app.web.meetings import agenda, live, media, pictures
    from voice_app.web.meetings import changes as _changes  # noqa: F401  (routes on meetings.bp)
    from voice_app.web.meetings import views as meetings
    from voice_app.web.money import exports as exports_views
    from voice_app.web.money import register as register_views
    from voice_app.web.money import views as money_views
    from voice_app.web.people import call_backs as contact_requests
    from voice_app.web.people import new_pins, pin_holds, sign_ins
    from voice_app.web.people import privacy as privacy_views
    from voice_app.web.people import views as people
    from voice_app.web.resident import bp as resident_bp
    from voice_app.web.shopping import views as shopping

    app.register_blueprint(assets)
    for module in (
        auth,
        dashboard,
        meetings,
        media,
        comments,
        shopping,
        people,
        money_views,
        exports_views,
        register_views,
        audit_log,
        groups,
        sent,
        privacy_views,
        contact_requests,
        agenda,
        live,
        pictures,
        pin_holds,
        new_pins,
        once,
        pronunciations,
        sign_ins,
        set_password,
    ):
        app.register_blueprint(module.bp)
    app.register_blueprint(resident_bp)  # a resident's own page (signed link + PIN)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    login_manager.user_loader(auth.load_user)
    formatting.register_filters(app)
    app.before_request(_refuse_null_characters)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(403, _forbidden)
    app.register_error_handler(413, _too_large)
    app.register_error_handler(StoreError, _store_unavailable)


def _store_unavailable(error: StoreError):
    """The audio and document store did not answer: say so; the transaction is not committed."""
    db.session.rollback()
    return _error_page(
        503,
        "Stored files cannot be reached just now",
        "The place where recordings and papers are kept did not answer. Nothing was changed. "
        "Please try again in a few minutes.",
    )


def _refuse_null_characters():
    """A NUL in a form or address is never typed by a person, and PostgreSQL cannot store it:
    refuse the whole request with a clear page before anything reads it."""
    if request.blueprint in TWILIO_BLUEPRINTS:
        return None
    names = [f.filename or "" for f in request.files.values()] if request.files else []
    texts = [*request.args.keys(), *request.args.values(), *names]
    if request.method == "POST":
        texts += [*request.form.keys(), *request.form.values()]
    # A multipart field whose name cannot be parsed (a lone backslash) arrives named None.
    if any("\x00" in text for text in texts if text):
        return _error_page(
            400,
            "The form could not be read",
            "Something in the form had a character that cannot be stored (a null character). "
            "Nothing was changed. Go back, retype the text and try again.",
        )
    return None


def _security_headers(response: Response) -> Response:
    if request.blueprint in NOT_WEB_BLUEPRINTS:
        return response
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    cache = response.headers.get("Cache-Control", "")
    if request.blueprint != "assets" and "no-store" not in cache:  # personal data everywhere
        response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(status: int, title: str, message: str):
    if request.blueprint in NOT_WEB_BLUEPRINTS:
        return Response(message, status=status, mimetype="text/plain")
    return render_template("error.html", title=title, message=message), status


def _csrf_error(error: CSRFError):
    shown_again = form_safety.rerun(error)  # the same form, with what was typed
    if shown_again is not None:
        return shown_again
    return _error_page(
        400,
        "The form had expired",
        "For your safety the form could not be sent: it had expired or came from another site. "
        "Nothing was saved. Go back, reload the page and try again.",
    )


def _not_found(_error):
    return _error_page(404, "Page not found", "There is nothing here, or it is not yours to see.")


def _forbidden(_error):
    return _error_page(
        403, "Not allowed", "Your sign-in cannot do that. Ask a coordinator of the group."
    )


def _too_large(_error):
    return _error_page(
        413,
        "That file is too large",
        f"The file is larger than this site accepts ({MAX_PAPER_MEGABYTES} MB). Nothing was "
        "saved. Save a smaller copy, for example without pictures, and try again.",
    )
