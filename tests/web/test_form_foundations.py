"""The shared form pieces without a browser: dates as typed, one CSRF field without an id per
form, every form built on the shared base, true upload limits, pounds with a "£"."""

from __future__ import annotations

import importlib
import io
import pkgutil
import re
from datetime import date, datetime, time

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

import voice_app.web
from tests.web.helpers import csrf_from, post_form
from voice_app.config import MAX_PAPER_MEGABYTES, MAX_REQUEST_BYTES
from voice_app.extensions import db
from voice_app.web.date_input import PartError, read_date, read_time
from voice_app.web.form_safety import Form
from voice_app.web.forms import MeetingForm, PaperForm


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ({"day": "3", "month": "12", "year": "2026"}, date(2026, 12, 3)),
        ({"day": "03", "month": "Dec", "year": "26"}, date(2026, 12, 3)),
        ({"day": "3rd", "month": "december", "year": "2026"}, date(2026, 12, 3)),
        ({"day": " 29 ", "month": "FEB", "year": "2028"}, date(2028, 2, 29)),
        ({"day": "15/12/2026", "month": "", "year": ""}, date(2026, 12, 15)),
        ({"day": "15 Sept 2026", "month": "", "year": ""}, date(2026, 9, 15)),
    ],
)
def test_dates_as_people_type_them(typed, expected):
    assert read_date(typed, "the start") == expected


@pytest.mark.parametrize(
    ("typed", "part", "words"),
    [
        ({"day": "3", "month": "", "year": "2026"}, "month", "The start must include a month."),
        ({"day": "3", "month": "Smarch", "year": "2026"}, "month", "a month's name, like Dec"),
        ({"day": "32", "month": "1", "year": "2026"}, "day", "from 1 to 31"),
        ({"day": "29", "month": "2", "year": "2027"}, "day", "February 2027 has 28 days"),
        ({"day": "3", "month": "1", "year": "202"}, "year", "must have 4 numbers"),
    ],
)
def test_a_wrong_date_names_the_box_to_fix(typed, part, words):
    with pytest.raises(PartError) as caught:
        read_date(typed, "the start")
    assert caught.value.part == part and words in str(caught.value)


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        ("14", "00", time(14, 0)),
        ("14", "", time(14, 0)),
        ("2pm", "", time(14, 0)),
        ("2 p.m.", "30", time(14, 30)),
        ("2:30pm", "", time(14, 30)),
        ("14:30", "", time(14, 30)),
        ("9.05", "", time(9, 5)),
        ("12am", "", time(0, 0)),
        ("12pm", "", time(12, 0)),
        ("Noon", "", time(12, 0)),
        ("09", "5", time(9, 5)),
    ],
)
def test_times_as_people_type_them(hour, minute, expected):
    assert read_time({"hour": hour, "minute": minute}, "the start") == expected


@pytest.mark.parametrize(
    ("hour", "minute", "part"),
    [("", "30", "hour"), ("25", "", "hour"), ("13pm", "", "hour"), ("2", "75", "minute"),
     ("2:30", "45", "minute"), ("soon", "", "hour")],
)  # fmt: skip
def test_a_wrong_time_names_the_box_to_fix(hour, minute, part):
    with pytest.raises(PartError) as caught:
        read_time({"hour": hour, "minute": minute}, "the start")
    assert caught.value.part == part


def test_the_meeting_form_reads_its_boxes_and_links_errors_to_the_wrong_box(app):
    typed = {"group": "1", "kind": "meeting", "title": "T", "starts-day": "3",
             "starts-month": "Dec", "starts-year": "2026", "starts-hour": "2pm",
             "starts-minute": "", "ends-day": "3", "ends-month": "13", "ends-year": "2026",
             "ends-hour": "4pm"}  # fmt: skip
    with app.test_request_context(method="POST"):
        form = MeetingForm(formdata=MultiDict(typed), meta={"csrf": False})
        form.group.choices = [(1, "Group")]
        form.validate()
    assert form.starts.data == datetime(2026, 12, 3, 14, 0)
    assert form.ends.errors and form.ends.error_target == "ends-month"
    assert form.starts.error_target == "starts"  # the first box has the field's own id


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(voice_app.web.__path__, "voice_app.web."):
        importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("voice_app."):
                found.append(sub)
    return found


def test_every_form_is_built_on_the_shared_base():
    """The base renders the CSRF field without an id and keeps typing when a form expires."""
    outside = [c.__qualname__ for c in _form_classes() if not issubclass(c, Form)]
    assert outside == []


def test_each_form_on_a_page_has_its_token_and_no_page_repeats_an_id(coordinator, world):
    html = coordinator.get(f"/people/{world.a.resident.id}").get_data(as_text=True)
    assert html.count('name="csrf_token"') > 3
    assert 'id="csrf_token"' not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_upload_hint_the_413_page_and_the_limit_agree(coordinator, world, app):
    assert MAX_REQUEST_BYTES == app.config["MAX_CONTENT_LENGTH"]
    assert f"at most {MAX_PAPER_MEGABYTES} MB" in PaperForm.file.kwargs["description"]
    page = f"/meetings/{world.a.meeting.id}"
    html = coordinator.get(page).get_data(as_text=True)
    assert f"at most {MAX_PAPER_MEGABYTES} MB" in html and "50 MB" not in html
    token = csrf_from(html)
    big = io.BytesIO(b"a" * (MAX_REQUEST_BYTES + 1))
    response = coordinator.post(
        f"{page}/papers",
        data={"csrf_token": token, "file": (big, "big.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert f"({MAX_PAPER_MEGABYTES} MB)" in response.get_data(as_text=True)


def _errors(response) -> list[str]:
    shown = r'class="error-message"[^<]*<span[^<]*</span>([^<]*)'
    return re.findall(shown, response.get_data(as_text=True))


@pytest.mark.parametrize(("typed", "pence"), [("£12.50", 1250), ("12.5", 1250), ("£1,200", 120000)])
def test_a_lower_amount_in_pounds_as_people_write_it(coordinator, world, typed, pence):
    page = f"/people/{world.a.resident.id}"
    html = coordinator.get(page).get_data(as_text=True)
    fields = dict(
        re.findall(r'name="(speech_rate|extra_time_seconds|name)"[^>]*value="([^"]*)"', html)
    )
    data = {**fields, "contact_preference": "call", "payment_preference": "lower amount",
            "payment_lower_amount": typed}  # fmt: skip
    response = post_form(coordinator, page, page, data)
    assert response.status_code == 302, _errors(response)
    db.session.refresh(world.a.resident)
    assert world.a.resident.payment_lower_amount_pence == pence
