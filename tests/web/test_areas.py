"""Each area's main task through HTTP: meetings, papers, transcripts, shopping, people, money."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.web.helpers import csrf_from, post_form, when_parts
from voice_app.extensions import db
from voice_app.models import (
    AuditEntry,
    Meeting,
    Payment,
    PaymentStatus,
    ShoppingStatus,
    Transcript,
    utcnow,
)


def _when(name: str, days: float) -> dict[str, str]:
    return when_parts(name, utcnow() + timedelta(days=days))


def test_short_notice_meeting_needs_a_reason_tied_to_its_field(coordinator, world):
    form = {
        "group": world.a.group.id,
        "kind": "workshop",
        "title": "Easy read letters",
        **_when("starts", 3),
        **_when("ends", 3.1),
        "phone_conference": "y",
    }
    response = post_form(coordinator, "/meetings/new", "/meetings/new", form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<a href="#short_notice_reason">' in html  # in the error summary
    assert 'aria-describedby="short_notice_reason-hint short_notice_reason-error"' in html
    assert "<title>Error: " in html
    form["short_notice_reason"] = "The council's consultation closes next week."
    response = post_form(coordinator, "/meetings/new", "/meetings/new", form)
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Easy read letters"))
    assert meeting.short_notice_reason.startswith("The council")
    assert "Short notice" in coordinator.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_meeting_cannot_be_made_in_another_group(coordinator, world):
    form = {"group": world.b.group.id, "kind": "meeting", "title": "X"}
    form |= _when("starts", 30) | _when("ends", 30.1)
    assert post_form(coordinator, "/meetings/new", "/meetings/new", form).status_code == 400
    assert db.session.scalar(select(Meeting).where(Meeting.title == "X")) is None


def test_edit_meeting_keeps_the_notice_rule(coordinator, world):
    page = f"/meetings/{world.a.meeting.id}/edit"
    html = coordinator.get(page).get_data(as_text=True)
    assert 'value="Meeting A"' in html
    form = {"group": world.a.group.id, "kind": "meeting", "title": "Meeting A renamed"}
    form |= _when("starts", 2) | _when("ends", 2.1)
    response = post_form(coordinator, page, page, form)
    assert response.status_code == 400
    assert "short notice" in response.get_data(as_text=True)
    form |= _when("starts", 40) | _when("ends", 40.1)
    assert post_form(coordinator, page, page, form).status_code == 302
    db.session.refresh(world.a.meeting)
    assert world.a.meeting.title == "Meeting A renamed"


def test_paper_upload_checks_content(coordinator, world):
    page = f"/meetings/{world.a.meeting.id}"
    action = f"{page}/papers"
    fake_pdf = {"file": (__import__("io").BytesIO(b"MZ\x90\x00 not a pdf"), "agenda.pdf")}
    response = post_form(coordinator, page, action, fake_pdf, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "is not a PDF" in response.get_data(as_text=True)
    exe = {"file": (__import__("io").BytesIO(b"\x7fELF"), "tool.exe")}
    response = post_form(coordinator, page, action, exe, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "cannot be read aloud" in response.get_data(as_text=True)


def test_upload_with_an_unreadable_field_name_is_not_a_500(coordinator, world):
    """Werkzeug names a multipart field called a lone backslash None (found by the form fuzz)."""
    page = f"/meetings/{world.a.meeting.id}"
    form = {"file": (__import__("io").BytesIO(b""), "paper.pdf"), "\\": ""}
    response = post_form(
        coordinator, page, f"{page}/papers", form, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "empty" in response.get_data(as_text=True).lower()


def test_too_large_upload_gets_a_clear_413(coordinator, world, app, monkeypatch):
    page = f"/meetings/{world.a.meeting.id}"
    token = csrf_from(coordinator.get(page).get_data(as_text=True))
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    data = {"csrf_token": token, "file": (__import__("io").BytesIO(b"a" * 5000), "big.txt")}
    response = coordinator.post(f"{page}/papers", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_transcript_marks_unsure_words_and_keeps_history(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    html = coordinator.get(page).get_data(as_text=True)
    assert '<mark class="unsure">bus<span class="visually-hidden"> (1 unsure word)</span>' in html
    assert '<mark class="unsure">broken' in html and '<mark class="unsure">ramp' not in html
    response = post_form(
        coordinator, page, f"{page}/transcript", {"text": "the bus ramps are broken"}
    )
    assert response.status_code == 302
    versions = db.session.scalars(
        select(Transcript).where(Transcript.recording_id == world.a.comment.recording_id)
    ).all()
    assert [v.engine for v in versions] == ["vosk", "human"]
    assert versions[-1].edited_by_user_id == world.a.coordinator.id
    html = coordinator.get(page).get_data(as_text=True)
    assert "corrected by coordinator-a@example.org" in html
    assert "transcribed by computer (vosk)" in html
    assert "unsure word" not in html.split('id="read-title"')[1].split("</section>")[0]


def test_review_search_and_csv(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    assert post_form(coordinator, page, f"{page}/review", {"reviewed": "yes"}).status_code == 302
    db.session.refresh(world.a.comment)
    assert world.a.comment.reviewed_by_user_id == world.a.coordinator.id
    assert "1 comment found" in coordinator.get("/comments?q=ramp").get_data(as_text=True)
    assert "0 comments found" in coordinator.get("/comments?q=zebra").get_data(as_text=True)
    unreviewed = coordinator.get("/comments?status=unreviewed").get_data(as_text=True)
    assert "0 comments found" in unreviewed
    csv_text = coordinator.get("/exports/feedback.csv").get_data(as_text=True)
    assert csv_text.startswith(
        "id,created_at,person,phone,meeting_id,paper_title,status,transcript"
    )
    assert "Resident A" in csv_text and "Resident B" not in csv_text


def test_shopping_status_needs_a_reason_for_not_possible(coordinator, world):
    page = f"/shopping/{world.a.item.id}"
    response = post_form(coordinator, page, f"{page}/status", {"status": "not possible"})
    assert response.status_code == 400
    assert 'id="reason-error"' in response.get_data(as_text=True)
    data = {"status": "not possible", "reason": "The bus company is private."}
    assert post_form(coordinator, page, f"{page}/status", data).status_code == 302
    db.session.refresh(world.a.item)
    assert world.a.item.status == ShoppingStatus.NOT_POSSIBLE
    assert "The bus company is private." in coordinator.get(page).get_data(as_text=True)


def test_shopping_wording_keeps_original_and_merge(coordinator, world):
    page = f"/shopping/{world.a.item.id}"
    data = {"text": "Buses with working ramps"}
    assert post_form(coordinator, page, f"{page}/wording", data).status_code == 302
    db.session.refresh(world.a.item)
    assert world.a.item.original_text == "Step-free buses A"
    assert "Their original words" in coordinator.get(page).get_data(as_text=True)
    from voice_app.models import ShoppingItem

    twin = ShoppingItem(group_id=world.a.group.id, text="Ramps on buses")
    db.session.add(twin)
    db.session.commit()
    twin_page = f"/shopping/{twin.id}"
    data = {"into": world.a.item.id}
    assert post_form(coordinator, twin_page, f"{twin_page}/merge", data).status_code == 302
    db.session.refresh(twin)
    assert twin.merged_into_id == world.a.item.id
    data = {"into": world.b.item.id}  # another group's item
    response = post_form(coordinator, page, f"{page}/merge", data)
    assert response.status_code == 400


def test_pin_reset_shows_the_new_pin_once(coordinator, world):
    page = f"/people/{world.a.resident.id}"
    response = post_form(coordinator, f"{page}/pin", f"{page}/pin")
    assert response.status_code == 303
    html = coordinator.get(response.location).get_data(as_text=True)
    pin = html.split('class="pin">')[1].split("<")[0]
    db.session.refresh(world.a.resident)
    assert world.a.resident.check_pin(pin) and not world.a.resident.check_pin("1234")
    assert 'class="pin"' not in coordinator.get(response.location).get_data(as_text=True)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "person.pin_reset"))
    assert "pin" not in entry.detail


def test_access_needs_and_preferences(coordinator, world):
    page = f"/people/{world.a.resident.id}"
    data = {"kind": "BSL interpreter", "detail": "Book two for meetings over 2 hours."}
    assert post_form(coordinator, page, f"{page}/needs", data).status_code == 302
    need = world.a.resident.access_needs[0]
    assert need.kind == "BSL interpreter"
    assert post_form(coordinator, page, f"{page}/needs/{need.id}/remove").status_code == 302
    db.session.refresh(world.a.resident)
    assert world.a.resident.access_needs == []
    form = {
        "name": "Resident A",
        "phone": "07700 900100",
        "speech_rate": "70",
        "extra_time_seconds": "10",
        "contact_preference": "sms",
        "payment_preference": "lower amount",
        "payment_lower_amount": "",
    }
    response = post_form(coordinator, page, page, form)
    assert response.status_code == 400
    assert 'id="payment_lower_amount-error"' in response.get_data(as_text=True)
    form["payment_lower_amount"] = "10.50"
    assert post_form(coordinator, page, page, form).status_code == 302
    db.session.refresh(world.a.resident)
    assert (world.a.resident.speech_rate, world.a.resident.extra_time_seconds) == (70, 10)
    assert world.a.resident.payment_lower_amount_pence == 1050
    assert world.a.resident.recording_consent is False  # unticked box


def test_co_chair_warning_and_choice(coordinator, world):
    assert "has no resident co-chair and no officer co-chair" in coordinator.get("/").get_data(
        as_text=True
    )
    for person in (world.a.resident, world.a.officer):
        page = f"/people/{person.id}"
        action = f"{page}/co-chair/{world.a.group.id}"
        assert post_form(coordinator, page, action, {"co_chair": "yes"}).status_code == 302
    coordinator.get("/")  # shows the flashed confirmation
    assert "has no" not in coordinator.get("/").get_data(as_text=True)


def test_payments_approve_pay_correct_and_export(coordinator, world):
    payment_id = world.a.payment.id
    money_page = f"/money/meetings/{world.a.payment.meeting_id}"
    correct = f"/money/payments/{payment_id}/correct"
    response = post_form(coordinator, correct, correct, {"amount": "45.00", "reason": ""})
    assert response.status_code == 400
    data = {"amount": "45.00", "reason": "Stayed an extra 15 minutes."}
    assert post_form(coordinator, correct, correct, data).status_code == 302
    for step in ("approve", "paid"):
        action = f"/money/payments/{payment_id}/{step}"
        assert post_form(coordinator, money_page, action).status_code == 302
    payment = db.session.get(Payment, payment_id)
    db.session.refresh(payment)
    assert (payment.status, payment.amount_pence) == (PaymentStatus.PAID, 4500)
    assert payment.correction_reason == "Stayed an extra 15 minutes."
    csv_text = coordinator.get("/exports/payments.csv").get_data(as_text=True)
    assert "Resident A" in csv_text and ",4500,GBP," in csv_text and "paid" in csv_text


def test_mark_in_person_on_the_register(coordinator, world):
    page = f"/money/meetings/{world.a.meeting.id}/register"
    data = {f"mark-{world.a.officer.id}": "in person", f"minutes-{world.a.officer.id}": "90"}
    assert post_form(coordinator, page, page, data).status_code == 302
    data = {f"mark-{world.b.resident.id}": "in person"}  # not in this group: not on the register
    assert post_form(coordinator, page, page, data).status_code == 302
    html = coordinator.get(f"/money/meetings/{world.a.meeting.id}").get_data(as_text=True)
    assert "Officer A" in html and "Resident B" not in html


@pytest.mark.parametrize("path", ["/", "/login"])
def test_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


STATIC_SCRIPT = re.compile(
    r"<script src=\"\{\{ url_for\('assets\.static', filename='[\w.-]+\.js'\) \}\}\" defer>"
    r"</script>"
)


def test_templates_have_no_inline_scripts_or_styles():
    from pathlib import Path

    import voice_app.web

    for template in (Path(voice_app.web.__file__).parent / "templates").rglob("*.html"):
        # a script file of our own (static/, CSP script-src 'self') is allowed, nothing inline
        text = STATIC_SCRIPT.sub("", template.read_text())
        assert "<script" not in text and "style=" not in text and "<style" not in text, template
        assert "|safe" not in text and "Markup(" not in text, template


def test_a_recording_with_no_speech_says_nothing_heard(coordinator, world):
    transcript = world.a.comment.recording.transcript
    transcript.text, transcript.words, transcript.engine = "", [], "whisper"
    transcript.revision, transcript.confidence = "0d3d19a32d3338f10357c0889762bd8d64bbdeba", None
    world.a.comment.text = ""
    db.session.commit()
    html = coordinator.get(f"/comments/{world.a.comment.id}").get_data(as_text=True)
    section = html.split('id="read-title"')[1].split("</section>")[0]
    assert "Nothing heard" in section and "Not transcribed yet" not in section
