"""Reviewing a transcript: one submit saves and marks reviewed, or goes on to the next comment."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.web.helpers import add_comment, post_form
from voice_app.extensions import db
from voice_app.models import AuditEntry, Comment, Transcript
from voice_app.transcripts import Token, runs


def test_runs_of_unsure_words_are_one_mark_each():
    words = [("a", True), ("b", True), ("c", True), ("d", False), ("e", True)]
    found = runs([Token(w, unsure) for w, unsure in words])
    assert [(r.words, r.unsure, r.count) for r in found] == [
        ("a b c", True, 3),
        ("d", False, 1),
        ("e", True, 1),
    ]
    assert runs([]) == []


def test_the_page_says_how_many_words_were_unsure(coordinator, world):
    html = coordinator.get(f"/comments/{world.a.comment.id}").get_data(as_text=True)
    assert "The computer was unsure of 2 of 5 words" in html
    assert html.count("unsure word)") == 2 and "(unsure)" not in html


def test_save_and_mark_reviewed_is_one_submit(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    response = post_form(
        coordinator,
        page,
        f"{page}/transcript",
        {"text": "The bus ramp is broken.", "then": "review"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{page}#main"
    comment = db.session.get(Comment, world.a.comment.id)
    db.session.refresh(comment)
    assert comment.reviewed_by_user_id == world.a.coordinator.id
    assert comment.text == "The bus ramp is broken."
    engines = db.session.scalars(
        select(Transcript.engine)
        .where(Transcript.recording_id == comment.recording_id)
        .order_by(Transcript.id)
    ).all()
    assert engines == ["vosk", "human"]
    actions = db.session.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.entity == "comment", AuditEntry.entity_id == comment.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["transcript.corrected", "comment.reviewed"]
    assert "Saved and marked reviewed." in coordinator.get(page).get_data(as_text=True)


def test_unchanged_words_are_just_marked_reviewed(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    response = post_form(
        coordinator, page, f"{page}/transcript", {"text": "the bus ramp is broken"}
    )
    assert response.status_code == 302
    db.session.refresh(world.a.comment)
    assert world.a.comment.reviewed_at is not None and world.a.comment.text is None
    assert "Marked reviewed." in coordinator.get(page).get_data(as_text=True)


def test_blank_words_are_refused_and_nothing_is_marked(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    response = post_form(coordinator, page, f"{page}/transcript", {"text": "  "})
    assert response.status_code == 400
    assert "Write the corrected transcript." in response.get_data(as_text=True)
    db.session.refresh(world.a.comment)
    assert world.a.comment.reviewed_at is None


def test_save_and_go_to_the_next_in_the_same_group(coordinator, world, data_dir):
    first = world.a.comment
    later = add_comment(world.a.group, world.a.resident, world.a.meeting, data_dir, "later")
    later.created_at = first.created_at + timedelta(minutes=5)
    db.session.commit()
    page = f"/comments/{first.id}"
    response = post_form(coordinator, page, f"{page}/transcript", {"text": "", "then": "next"})
    assert response.status_code == 400  # words were there: blank is refused, not saved
    response = post_form(
        coordinator, page, f"{page}/transcript", {"text": "the bus ramp is broken", "then": "next"}
    )
    assert response.headers["Location"] == f"/comments/{later.id}#main"  # not group B's
    html = coordinator.get(f"/comments/{later.id}").get_data(as_text=True)
    assert "This is the next comment to review." in html
    page = f"/comments/{later.id}"
    response = post_form(
        coordinator, page, f"{page}/transcript", {"text": "the bus ramp is broken", "then": "next"}
    )
    assert response.headers["Location"] == "/comments?status=unreviewed#main"
    html = coordinator.get("/comments?status=unreviewed").get_data(as_text=True)
    assert "no more comments to review in Group A" in html


def test_another_groups_comment_cannot_be_reviewed(coordinator, world):
    page = f"/comments/{world.a.comment.id}"
    action = f"/comments/{world.b.comment.id}/transcript"
    assert post_form(coordinator, page, action, {"text": "x"}).status_code == 404
    db.session.refresh(world.b.comment)
    assert world.b.comment.reviewed_at is None
