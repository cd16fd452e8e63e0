"""The dashboard's cards of waiting work: counts, the lists behind them, and who sees which."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.builders import make_meeting
from tests.web.helpers import sign_in
from voice_app.extensions import db
from voice_app.models import PaymentStatus, utcnow


def _cards(html: str) -> dict[str, tuple[int, str]]:
    """Each card's title, with its count and the list it links to."""
    found = re.findall(r'<a href="([^"]+)"><span class="big-number">(\d+)</span> ([^<]+)</a>', html)
    return {title: (int(number), href) for href, number, title in found}


def test_a_coordinator_sees_every_kind_of_waiting_work(coordinator, world):
    make_meeting(world.a.group, "Nobody recorded", starts_at=utcnow() - timedelta(days=1))
    make_meeting(world.b.group, "Theirs, nobody recorded", starts_at=utcnow() - timedelta(days=1))
    cards = _cards(coordinator.get("/").get_data(as_text=True))
    assert cards["Ended meetings needing attendance"] == (1, "/waiting/attendance")
    assert cards["Ended meetings needing payments"] == (1, "/waiting/payments")
    assert cards["Payments approved, not yet paid"] == (0, "/waiting/approved-not-paid")
    assert cards["Comments to review"] == (1, "/comments?status=unreviewed")
    assert cards["Shopping-list items to decide"] == (1, "/shopping?status=proposed")
    assert cards["Asked for a call back"] == (0, "/call-backs")
    assert cards["Upcoming meetings with late papers"][1] == "/waiting/late-papers"
    assert cards["Upcoming short-notice meetings"][1] == "/waiting/short-notice"

    listed = coordinator.get("/waiting/attendance").get_data(as_text=True)
    assert "Nobody recorded" in listed and "Theirs" not in listed
    listed = coordinator.get("/waiting/payments").get_data(as_text=True)
    assert "Past meeting A" in listed and "Past meeting B" not in listed
    assert f"/money/meetings/{world.a.payment.meeting_id}" in listed


def test_approved_payments_list_for_the_payment_run(coordinator, world):
    world.a.payment.status = PaymentStatus.APPROVED
    world.a.payment.approved_at = utcnow()
    world.b.payment.status = PaymentStatus.APPROVED
    db.session.commit()
    assert (
        _cards(coordinator.get("/").get_data(as_text=True))["Payments approved, not yet paid"][0]
        == 1
    )
    listed = coordinator.get("/waiting/approved-not-paid").get_data(as_text=True)
    assert "Resident A" in listed and "£40.00" in listed and "Resident B" not in listed


def test_a_co_chair_sees_only_cards_they_can_act_on(client, world):
    sign_in(client, world.co_chair.email)
    cards = _cards(client.get("/").get_data(as_text=True))
    assert "Ended meetings needing payments" not in cards
    assert "Payments approved, not yet paid" not in cards
    assert "Ended meetings needing attendance" not in cards
    assert cards["Comments to review"][0] == 1
    assert client.get("/waiting/payments").status_code == 403
    assert client.get("/waiting/late-papers").status_code == 200
    assert client.get("/waiting/nonsense").status_code == 404


def test_late_papers_and_short_notice_lists(coordinator, world):
    make_meeting(world.a.group, "Called quickly", days_ahead=3, short_notice_reason="A vote")
    cards = _cards(coordinator.get("/").get_data(as_text=True))
    assert cards["Upcoming short-notice meetings"][0] == 1
    assert cards["Upcoming meetings with late papers"][0] == 1  # three days off, no papers
    for kind in ("short-notice", "late-papers"):
        assert "Called quickly" in coordinator.get(f"/waiting/{kind}").get_data(as_text=True)
