"""Exports and personal pages are never kept in a cache, and the CSV formula guard holds for
text disguised with zero-width, bidirectional or full-width characters."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest

from tests.web.helpers import post_form
from voice_app.extensions import db

DISGUISED = [
    '\u200b=HYPERLINK("http://evil.example","click")',  # zero-width space first
    "\ufeff+cmd|'/c calc'!A1",  # byte-order mark
    "\u202e@SUM(1+1)",  # right-to-left override
    "\uff1dcmd|'/c calc'!A1",  # full-width equals sign
    "\uff0b1+1",  # full-width plus
    "\u2060-2+3",  # word joiner
]


def seen_by_a_spreadsheet(cell: str) -> str:
    """What a spreadsheet may make of a cell: format characters gone, widths folded."""
    folded = unicodedata.normalize("NFKC", cell)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").lstrip()


@pytest.mark.parametrize("text", DISGUISED)
def test_disguised_formulas_are_defused_in_csv(coordinator, world, text):
    world.a.item.text = text
    world.a.resident.name = text
    db.session.commit()
    for kind in ("shopping-list", "feedback"):
        body = coordinator.get(f"/exports/{kind}.csv").get_data(as_text=True)
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row if cell]
        dangerous = [c for c in cells if seen_by_a_spreadsheet(c)[:1] in ("=", "+", "-", "@")]
        assert dangerous == [], kind


@pytest.mark.parametrize(
    "path",
    ["/exports/payments.csv", "/exports/feedback.json", "/audit", "/people"],
)
def test_exports_and_personal_pages_are_not_cached(coordinator, world, path):
    response = coordinator.get(path)
    assert response.status_code == 200
    assert "no-store" in response.headers.get("Cache-Control", "")


def test_a_subject_access_bundle_is_not_cached(coordinator, world):
    page = f"/people/{world.a.resident.id}"
    response = post_form(coordinator, page, f"{page}/everything-we-hold")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "no-store" in response.headers.get("Cache-Control", "")
