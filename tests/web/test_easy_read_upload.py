"""An Easy Read version uploaded beside its paper, read the same way; the meeting's status counts
pictures still to describe; a release needs a reason; other groups' papers are not found."""

from io import BytesIO

from tests.web.helpers import csrf_from
from voice_app.extensions import db
from voice_app.models import Paper
from voice_app.papers.store import add_paper

PAPER = b"# Library plans\n\nThe entrance moves.\n\n![](plan.png)\n"
EASY = b"# Library plans, Easy Read\n\nThe door is moving.\n\n![A big new door](door.png)\n"


def _post(client, page: str, action: str, data: dict):
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={**data, "csrf_token": token},
                       content_type="multipart/form-data")  # fmt: skip


def test_easy_read_upload_release_and_status(coordinator, world):
    paper = add_paper(world.a.meeting, PAPER, "plans.md")
    db.session.commit()
    assert "Not ready: 1 picture to describe" in coordinator.get("/meetings").get_data(as_text=True)
    page = f"/papers/{paper.id}/pictures"
    answer = _post(coordinator, page, f"/papers/{paper.id}/easy-read",
                   {"easy-file": (BytesIO(EASY), "easy.md"), "easy-title": ""})  # fmt: skip
    assert answer.status_code == 302
    db.session.expire_all()
    companion = db.session.get(Paper, paper.id).easy_read
    assert companion.title == "Library plans (Easy Read)"
    assert [s.picture_id is not None for s in companion.sections] == [False, True]
    assert [p.id for p in world.a.meeting.papers] == [paper.id]  # not a paper of its own

    refused = _post(coordinator, page, f"/papers/{paper.id}/release", {"reason": " "})
    assert refused.status_code == 400
    assert "Say why the paper goes out" in refused.get_data(as_text=True)
    done = _post(coordinator, page, f"/papers/{paper.id}/release", {"reason": "Redrawing it."})
    assert done.status_code == 302
    assert "Redrawing it." in coordinator.get(page).get_data(as_text=True)
    other = add_paper(world.b.meeting, PAPER, "plans.md")
    db.session.commit()
    answer = _post(coordinator, page, f"/papers/{other.id}/easy-read",
                   {"easy-file": (BytesIO(EASY), "easy.md")})  # fmt: skip
    assert answer.status_code == 404
    db.session.expire_all()
    assert db.session.get(Paper, other.id).easy_read is None
