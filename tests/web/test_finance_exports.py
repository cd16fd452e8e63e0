"""Finance exports from the web: one meeting or a period, the payment run, and a CSV that adds
up to the money page's totals in pounds."""

import csv
import io
import re
from datetime import UTC, datetime

from tests.builders import make_held_meeting, make_person
from tests.web.helpers import post_form
from voice_app.extensions import db
from voice_app.models import PaymentPreference, ShoppingItem, utcnow

HELD = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def _rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def _pence(pounds: str) -> int:
    return int(pounds.replace("£", "").replace(",", "").replace(".", ""))


def test_a_meetings_csv_adds_up_to_the_money_page(coordinator, world):
    """Fees, travel and care costs, and a declined resident: the finance officer's CSV for the
    meeting adds up to the totals on the meeting's money page."""
    group = world.a.group
    meeting = make_held_meeting(group, HELD, minutes=150, title="November meeting")
    amina = make_person(group, "Amina Hassan", "+447700900301")
    tom = make_person(
        group, "Tom Price", "+447700900302", payment_preference=PaymentPreference.DECLINED
    )
    sue = make_person(
        group, "Sue Lewis", "+447700900303", payment_preference=PaymentPreference.DECLINED
    )
    register = f"/money/meetings/{meeting.id}/register"
    marks = {f"mark-{p.id}": "in person" for p in (amina, tom, sue, world.a.officer)}
    marks[f"minutes-{amina.id}"] = "95"
    assert post_form(coordinator, register, register, marks).status_code == 302
    page = f"/money/meetings/{meeting.id}"
    for person, kind, amount in [(amina, "care", "£30"), (tom, "travel", "12.40")]:
        claim = {"person": person.id, "kind": kind, "amount": amount}
        assert post_form(coordinator, page, f"{page}/expenses", claim).status_code == 302
    assert post_form(coordinator, page, f"{page}/calculate").status_code == 302
    html = coordinator.get(page).get_data(as_text=True)
    approve = re.search(r'action="(/money/payments/\d+/approve)"', html).group(1)
    assert post_form(coordinator, page, approve).status_code == 302

    html = coordinator.get(page).get_data(as_text=True)
    shown = {
        name: _pence(re.search(rf'id="{name}">([^<]+)<', html).group(1))
        for name in ("total-fees", "total-expenses", "total-all")
    }
    link = re.search(r'href="(/exports/finance\?[^"]+)"', html).group(1).replace("&amp;", "&")
    rows = _rows(coordinator.get(link))
    assert {row["meeting_title"] for row in rows} == {"November meeting"}
    assert {row["person"] for row in rows} == {"Amina Hassan", "Tom Price", "Sue Lewis"}
    assert sum(_pence(r["fee_pounds"]) for r in rows) == shown["total-fees"]
    assert sum(_pence(r["expenses_pounds"]) for r in rows) == shown["total-expenses"]
    assert sum(_pence(r["total_pounds"]) for r in rows) == shown["total-all"]
    assert shown["total-expenses"] == 3000 + 1240 and shown["total-fees"] > 0
    by_name = {row["person"]: row for row in rows}
    assert (by_name["Tom Price"]["fee_pounds"], by_name["Tom Price"]["status"]) == (
        "0.00",
        "pending",
    )  # declined the fee, but travel is a refund to pay
    assert (by_name["Sue Lewis"]["total_pounds"], by_name["Sue Lewis"]["status"]) == (
        "0.00",
        "nothing to pay",
    )
    approved = [row for row in rows if row["status"] == "approved"]
    assert len(approved) == 1 and approved[0]["approved_by"] == world.a.coordinator.email
    run = _rows(coordinator.get(f"/exports/finance?kind=payment-run&meeting={meeting.id}&fmt=csv"))
    assert [row["payment_id"] for row in run] == [approved[0]["payment_id"]]
    not_paid = coordinator.get("/money").get_data(as_text=True)
    assert "Sue Lewis" not in not_paid  # nothing to approve


def test_the_export_form_by_period_and_its_errors(coordinator, world):
    form = coordinator.get("/exports/finance")
    html = form.get_data(as_text=True)
    assert form.status_code == 200 and "Exports for finance" in html
    assert "csrf_token" not in html.split("<main")[1]  # a GET form changes nothing
    today = utcnow().date()
    rows = _rows(
        coordinator.get(
            f"/exports/finance?kind=payments&date_from=1/1/2000&date_to={today:%d/%m/%Y}&fmt=csv"
        )
    )
    assert [row["person"] for row in rows] == ["Resident A"]  # never group B's
    bad = coordinator.get("/exports/finance?kind=payments&date_from=next+week&fmt=csv")
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "There is a problem" in text and "not a date" in text
    backwards = coordinator.get(
        "/exports/finance?kind=payments&date_from=2/1/2026&date_to=1/1/2026&fmt=csv"
    )
    assert backwards.status_code == 400 and "start must not be after" in backwards.get_data(
        as_text=True
    )
    other = coordinator.get(f"/exports/finance?kind=payments&meeting={world.b.meeting.id}&fmt=csv")
    assert other.status_code == 400  # not one of their meetings: not a choice


def test_other_exports_match_the_screens(coordinator, world):
    duplicate = ShoppingItem(group_id=world.a.group.id, text="Ramps on buses")
    db.session.add(duplicate)
    db.session.flush()
    duplicate.merged_into_id = world.a.item.id
    world.a.comment.reviewed_at = utcnow()
    db.session.commit()
    items = _rows(coordinator.get("/exports/shopping-list.csv"))
    merged = next(row for row in items if row["text"] == "Ramps on buses")
    assert (merged["status"], merged["merged_into"]) == ("merged", str(world.a.item.id))
    comments = _rows(coordinator.get("/exports/feedback.csv"))
    assert [row["reviewed"] for row in comments] == ["True"]
    assert comments[0]["reviewed_at"]


def test_co_chairs_get_no_money_exports(client, world):
    from tests.web.helpers import sign_in

    sign_in(client, world.co_chair.email)
    assert client.get("/exports/finance").status_code == 403
    assert client.get("/exports/payment-run.csv").status_code == 403
