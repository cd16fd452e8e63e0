"""The rules for pictures: stored by content, descriptions kept across re-uploads and per group,
decorative pictures taken out of the reading, readiness and release."""

import base64

import pytest
from layout_builders import picture_png

from tests.builders import make_group, make_meeting
from voice_app.errors import InputError
from voice_app.extensions import db
from voice_app.models import AuditEntry, PaperStatus
from voice_app.papers.pictures import describe, ready_for_listeners, release, undescribed
from voice_app.papers.store import add_paper
from voice_app.storage import current_store


def html_paper(*seeds: int) -> bytes:
    images = "".join(
        f'<p>Words before picture {seed}.</p><img src="data:image/png;base64,'
        f'{base64.b64encode(picture_png(seed)).decode()}">'
        for seed in seeds
    )
    return f"<h1>Plans</h1>{images}<p>The end.</p>".encode()


def test_pictures_are_stored_by_hash_with_the_words_around_them(app):
    paper = add_paper(make_meeting(make_group()), html_paper(1, 2), "plans.html")
    db.session.commit()
    first, second = undescribed(paper)
    assert current_store().get(first.stored_path, first.sha256) == picture_png(1)
    assert first.stored_path.endswith(first.sha256)
    assert first.text_before.endswith("Words before picture 1.")
    assert second.text_after == "The end."
    assert (first.position, first.width, first.height) == (1, 240, 160)


def test_a_description_follows_the_picture_into_a_new_upload_of_the_same_group_only(app):
    group = make_group("Civic Campus")
    paper = add_paper(make_meeting(group), html_paper(1, 2), "plans.html")
    db.session.commit()
    describe(undescribed(paper)[0], "Site plan", "North is at the top.", "coord@example.org")
    db.session.commit()
    again = add_paper(make_meeting(group, "Next board"), html_paper(1), "plans-v2.html")
    db.session.commit()
    assert undescribed(again) == []
    picture_section = next(s for s in again.sections if s.picture_id)
    assert picture_section.spoken_text == "Site plan."
    other = add_paper(make_meeting(make_group("Other")), html_paper(1), "plans.html")
    db.session.commit()
    assert len(undescribed(other)) == 1  # another group's words are not borrowed
    entry = db.session.query(AuditEntry).filter_by(action="picture.described").one()
    assert entry.detail["short"] == "Site plan"


def test_marking_decorative_takes_the_picture_out_of_the_reading(app):
    paper = add_paper(make_meeting(make_group()), html_paper(1, 2), "plans.html")
    db.session.commit()
    count = len(paper.sections)
    describe(undescribed(paper)[1], "", "", "coord@example.org", decorative=True)
    db.session.commit()
    db.session.refresh(paper)
    assert len(paper.sections) == count - 1
    assert [s.position for s in paper.sections] == list(range(1, count))
    assert len(undescribed(paper)) == 1


def test_readiness_and_release(app):
    paper = add_paper(make_meeting(make_group()), html_paper(1), "plans.html")
    paper.status = PaperStatus.READY
    db.session.commit()
    assert not ready_for_listeners(paper)
    with pytest.raises(InputError, match="Say why"):
        release(paper, "  ", "coord@example.org")
    with pytest.raises(InputError, match="short description"):
        describe(undescribed(paper)[0], " ", "", "coord@example.org")
    release(paper, "The drawing is being redone.", "coord@example.org")
    db.session.commit()
    assert ready_for_listeners(paper)
