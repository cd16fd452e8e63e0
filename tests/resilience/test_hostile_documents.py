"""Oversized and malformed papers uploaded on the web page: each is refused with a 400 and a
message a coordinator can act on, quickly, and nothing is stored (no row, no file)."""

from __future__ import annotations

import os
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_budget import examples
from tests.resilience import hostile_files
from tests.resilience.conftest import snapshot
from tests.web.helpers import csrf_from

# Document parsers against hostile files; no database rule in it.
pytestmark = pytest.mark.one_database

CASES = {
    "zip bomb docx": (lambda: hostile_files.docx_bomb(300), "paper.docx", "unpacks to far more"),
    "pdf with 100,000 pages": (
        lambda: hostile_files.pdf_with_pages(100_000),
        "paper.pdf",
        "more than 2000 pages",
    ),
    "pdf nested 100,000 deep": (
        lambda: hostile_files.pdf_nested(100_000),
        "paper.pdf",
        "damaged",
    ),
    "html nested 200,000 deep": (
        lambda: hostile_files.html_nested(200_000),
        "paper.html",
        "could not be read",
    ),
    "empty": (lambda: b"", "paper.pdf", "empty"),
    "only whitespace": (lambda: b" \n\t" * 1000, "paper.txt", "empty"),
    "random bytes named docx": (lambda: os.urandom(5000), "paper.docx", "not a Word document"),
    "random bytes named txt": (lambda: bytes(range(1, 256)) * 50, "paper.txt", "UTF-8"),
    "truncated pdf": (lambda: hostile_files.pdf_with_pages(3)[:200], "paper.pdf", "PDF"),
}


def upload(client, meeting_id: int, data: bytes, filename: str, title: str = ""):
    page = f"/meetings/{meeting_id}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(
        f"{page}/papers",
        data={"file": (BytesIO(data), filename), "title": title, "csrf_token": token},
        content_type="multipart/form-data",
    )


def stored_files(app) -> list[str]:
    folder = app.config["SETTINGS"].uploads_dir
    return sorted(os.listdir(folder)) if folder.exists() else []


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_paper_is_refused_clearly_and_nothing_is_kept(app, coordinator, world, case):
    make, filename, reason = CASES[case]
    data = make()
    before, files = snapshot(), stored_files(app)
    response = upload(coordinator, world.a.meeting.id, data, filename)
    assert response.status_code == 400, response.status_code
    assert reason in response.get_data(as_text=True)
    assert snapshot() == before
    assert stored_files(app) == files


@settings(
    max_examples=examples(25),  # HYPOTHESIS_PROFILE=thorough: 75
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: b"%PDF-1.7\n" + b),
        st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b + b"word/document.xml"),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "replace")),
    ),
    filename=st.sampled_from(["p.pdf", "p.docx", "p.md", "p.html", "p.txt", "p.exe", "p"]),
)
def test_random_files_never_give_a_500(app, coordinator, world, data, filename):
    before = snapshot()
    response = upload(coordinator, world.a.meeting.id, data, filename)
    assert response.status_code in (302, 400), response.get_data(as_text=True)[:500]
    if response.status_code == 400:
        assert snapshot() == before


def test_a_pdf_claiming_a_billion_pages_is_read_for_the_one_it_has(app, coordinator, world):
    data = hostile_files.pdf_claiming_pages(10**9)
    response = upload(coordinator, world.a.meeting.id, data, "paper.pdf")
    assert response.status_code == 302
    assert "1 sections" in coordinator.get(response.headers["Location"]).get_data(as_text=True)
