"""The resident's pages: views parse and render; the rules are in resident_access and written."""

from __future__ import annotations

from functools import wraps

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.contact_requests import ask_for_person
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.meetings import upcoming_meetings
from voice_app.models import (
    Attendance,
    ContactSource,
    Group,
    Meeting,
    Paper,
    PaperSection,
    PaperStatus,
    Person,
    ShoppingItem,
    ShoppingStatus,
)
from voice_app.payments.summary import payment_summary, summary_sentences
from voice_app.resident_access import check_pin, issue_link, redeem_link, update_preferences
from voice_app.web import once
from voice_app.web.access import get_or_404, require_manager
from voice_app.web.forms import ActionForm, attach_error, submit
from voice_app.web.meetings.media import send_stored
from voice_app.web.meetings.renditions import audio_for_sections, rendition_for
from voice_app.web.resident import bp
from voice_app.web.resident.forms import CommentForm, IdeaForm, PinForm, PreferencesForm
from voice_app.written import add_comment, add_idea

SIGNED_IN = "resident"
WAITING_FOR_PIN = "resident_link"
SHOWN_ITEMS = (ShoppingStatus.AGREED, ShoppingStatus.IN_PROGRESS, ShoppingStatus.ACHIEVED)


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _resident() -> tuple[Person, Group] | None:
    ids = session.get(SIGNED_IN)
    if not ids:
        return None
    person, group = db.session.get(Person, ids[0]), db.session.get(Group, ids[1])
    if person is None or group is None or person.erased_at or group not in person.groups():
        session.pop(SIGNED_IN, None)
        return None
    return person, group


def signed_in(view):
    """The view gets (person, group); without a resident's sign-in, the page explaining how."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        found = _resident()
        if found is None:
            return render_template("resident/how_to_sign_in.html", title="Your own page"), 401
        return view(*found, *args, **kwargs)

    return wrapper


def _render(template: str, person: Person, group: Group, status: int = 200, **values):
    return render_template(
        f"resident/{template}", person=person, group=group, sign_out=ActionForm(), **values
    ), status


@bp.get("/link/<token>")
def open_link(token: str):
    """Use the link (once), then ask for the PIN."""
    try:
        link = redeem_link(token)
    except InputError as exc:
        db.session.rollback()
        return render_template("resident/refused.html", title="Link not valid", message=exc), 410
    db.session.commit()
    session.pop(SIGNED_IN, None)
    session[WAITING_FOR_PIN] = [link.person_id, link.group_id]
    return redirect(url_for("resident.pin"))


@bp.route("/pin", methods=["GET", "POST"])
def pin():
    waiting = session.get(WAITING_FOR_PIN)
    person = db.session.get(Person, waiting[0]) if waiting else None
    if person is None:
        return render_template("resident/how_to_sign_in.html", title="Your own page"), 401
    form = PinForm()
    if form.validate_on_submit():
        try:
            check_pin(person, form.pin.data, client=f"web:{request.remote_addr}")
        except InputError as exc:
            db.session.commit()  # a wrong PIN counts towards the pause, as on the phone
            attach_error(form, exc)
        else:
            db.session.commit()
            session.pop(WAITING_FOR_PIN, None)
            session[SIGNED_IN] = waiting
            session.permanent = True
            return redirect(url_for("resident.home"))
    status = 400 if form.errors else 200
    return render_template("resident/pin.html", title="Enter your PIN", form=form), status


@bp.post("/sign-out")
def sign_out():
    form = ActionForm()
    if form.validate_on_submit():
        session.pop(SIGNED_IN, None)
        session.pop(WAITING_FOR_PIN, None)
    return render_template("resident/signed_out.html", title="Signed out")


@bp.get("/")
@signed_in
def home(person: Person, group: Group):
    meetings = upcoming_meetings(group)
    items = db.session.scalars(
        select(ShoppingItem)
        .where(
            ShoppingItem.group_id == group.id,
            ShoppingItem.merged_into_id.is_(None),
            ShoppingItem.text.is_not(None),
            (ShoppingItem.status.in_(SHOWN_ITEMS)) | (ShoppingItem.person_id == person.id),
        )
        .order_by(ShoppingItem.created_at, ShoppingItem.id)
    ).all()
    attendance = db.session.execute(
        select(Attendance, Meeting)
        .join(Meeting, Attendance.meeting_id == Meeting.id)
        .where(Attendance.person_id == person.id, Meeting.group_id == group.id)
        .order_by(Meeting.starts_at.desc())
        .limit(20)
    ).all()
    payments = summary_sentences(payment_summary(person), group.timezone, language=group.language)
    return _render(
        "home.html",
        person,
        group,
        title="Your page",
        meetings=meetings,
        items=items,
        attendance=attendance,
        idea_form=IdeaForm(),
        call_form=ActionForm(),
        payments=[sentence[:1].upper() + sentence[1:] for sentence in payments],
    )


def _meeting(group: Group, meeting_id: int) -> Meeting:
    meeting = get_or_404(Meeting, meeting_id)
    if meeting.group_id != group.id:
        abort(404)
    return meeting


def _paper(group: Group, paper_id: int) -> Paper:
    paper = get_or_404(Paper, paper_id)
    if paper.meeting.group_id != group.id or paper.status == PaperStatus.FAILED:
        abort(404)
    return paper


@bp.route("/meetings/<int:meeting_id>", methods=["GET", "POST"])
@signed_in
@once.guarded
def meeting(person: Person, group: Group, meeting_id: int):
    found = _meeting(group, meeting_id)
    form = CommentForm()
    here = url_for("resident.meeting", meeting_id=found.id)
    if submit(
        form,
        lambda: once.done(
            add_comment(person, group, form.text.data, source="web", meeting=found), here
        ),
    ):
        flash("Thank you. Your comment is with the group.", "success")
        return redirect(url_for("resident.meeting", meeting_id=found.id))
    papers = [p for p in found.papers if p.status != PaperStatus.FAILED]
    status = 400 if form.errors or form.form_errors else 200
    return _render(
        "meeting.html",
        person,
        group,
        status,
        title=found.title,
        meeting=found,
        papers=papers,
        form=form,
    )


@bp.route("/papers/<int:paper_id>", methods=["GET", "POST"])
@signed_in
@once.guarded
def paper(person: Person, group: Group, paper_id: int):
    found = _paper(group, paper_id)
    form = CommentForm()
    here = url_for("resident.paper", paper_id=found.id) + "#comment"
    if submit(
        form,
        lambda: once.done(
            add_comment(person, group, form.text.data, source="web", paper=found), here
        ),
    ):
        flash(f"Thank you. Your comment on {found.title} is with the group.", "success")
        return redirect(url_for("resident.paper", paper_id=found.id) + "#comment")
    status = 400 if form.errors or form.form_errors else 200
    return _render(
        "paper.html",
        person,
        group,
        status,
        title=found.title,
        paper=found,
        audio=audio_for_sections(found.sections),
        form=form,
    )


@bp.get("/audio/<int:section_id>")
@signed_in
def audio(person: Person, group: Group, section_id: int):
    section = get_or_404(PaperSection, section_id)
    _paper(group, section.paper_id)
    rendition = rendition_for(section)
    if rendition is None:
        abort(404)
    return send_stored(rendition.path, rendition.sha256)  # from the store, checksum checked


@bp.post("/shopping")
@signed_in
@once.guarded
def add_to_list(person: Person, group: Group):
    form = IdeaForm()
    here = url_for("resident.home") + "#shopping"
    if submit(form, lambda: once.done(add_idea(person, group, form.text.data, source="web"), here)):
        flash("Thank you. Your idea is on the shopping list for the group to discuss.", "success")
        return redirect(url_for("resident.home") + "#shopping")
    return _render("idea_problem.html", person, group, 400, title="Your idea", idea_form=form)


@bp.post("/call-me")
@signed_in
@once.guarded
def call_me(person: Person, group: Group):
    form = ActionForm()
    if submit(
        form,
        lambda: once.done(
            ask_for_person(
                group.id, source=ContactSource.WEB, reason="asked on their own page", person=person
            ),
            url_for("resident.home"),
        ),
    ):
        flash("Thank you. We have asked the coordinator to contact you.", "success")
    return redirect(url_for("resident.home"))


@bp.route("/preferences", methods=["GET", "POST"])
@signed_in
def preferences(person: Person, group: Group):
    form = PreferencesForm()
    if request.method == "GET":
        form.contact.data = person.contact_preference.value
        form.texts.data = not person.sms_opt_out
        form.relay.data = person.uses_relay_uk

    def change() -> None:
        update_preferences(person, form.contact.data, form.texts.data, form.relay.data)

    if submit(form, change):
        flash("Your preferences are saved.", "success")
        return redirect(url_for("resident.preferences"))
    status = 400 if form.errors else 200
    return _render("preferences.html", person, group, status, title="Your preferences", form=form)


@bp.post("/issue/<int:person_id>/<int:group_id>")
@login_required
def issue(person_id: int, group_id: int):
    """A coordinator makes a sign-in link to give the resident (shown once)."""
    require_manager(current_user, group_id)
    person, group = get_or_404(Person, person_id), get_or_404(Group, group_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        token = issue_link(person, group, current_user)
    except InputError as exc:
        db.session.rollback()
        return render_template("error.html", title="No link made", message=str(exc)), 400
    db.session.commit()
    address = current_app.config["SETTINGS"].public_base_url + url_for(
        "resident.open_link", token=token
    )
    return render_template(
        "resident/issued.html",
        title="A link for " + person.name,
        person=person,
        group=group,
        address=address,
    )
