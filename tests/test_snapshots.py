"""The fixture data copied back in (tests/snapshots.py) is the data the builders make."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from tests import snapshots
from tests.builders import make_group
from tests.conftest import _empty_all_tables
from tests.snapshots import built_once, in_key_order
from tests.web.conftest import _build_world
from voice_app.extensions import db
from voice_app.models import Group, Meeting
from voice_app.models.base import utcnow


def _everything() -> dict[str, list[dict]]:
    return {
        table.name: [dict(row) for row in db.session.execute(in_key_order(table)).mappings()]
        for table in db.metadata.sorted_tables
    }


def _same_but_later(built: dict, restored: dict, at_most: timedelta) -> None:
    assert restored.keys() == built.keys()
    for name, rows in built.items():
        assert len(restored[name]) == len(rows), name
        for before, after in zip(rows, restored[name], strict=True):
            assert after.keys() == before.keys()
            for column, value in before.items():
                if isinstance(value, datetime):
                    assert timedelta(0) <= after[column] - value <= at_most, (name, column)
                else:
                    assert after[column] == value, (name, column)


def test_the_world_copied_in_is_the_world_built(app, data_dir, request):
    name = request.node.nodeid  # a snapshot of this test's own
    taken = utcnow()
    built_once(name, lambda: _build_world(data_dir), data_dir)
    built = _everything()
    files = {p: p.read_bytes() for p in (data_dir / "audio").glob("comment-*.wav")}
    assert len(files) == 2
    for path in files:
        path.unlink()
    db.session.remove()
    _empty_all_tables()

    world = built_once(name, lambda: _build_world(data_dir), data_dir)
    _same_but_later(built, _everything(), utcnow() - taken)
    assert {p: p.read_bytes() for p in files} == files
    # The objects handed over are the test's own, and read the rows copied in.
    assert world.a.group.name == "Group A" and world.b.resident.name == "Resident B"
    assert world.a.comment.meeting_id == world.a.meeting.id
    assert world.a.resident.bank_sort_code == "123456"
    assert db.session.get(Group, world.a.group.id) is world.a.group


def test_times_move_on_with_the_clock(app, data_dir, request):
    name = request.node.nodeid
    world = built_once(name, lambda: _build_world(data_dir), data_dir)
    ahead = world.a.meeting.starts_at - utcnow()
    db.session.remove()
    _empty_all_tables()
    (snapshot,) = [s for key, s in snapshots._SNAPSHOTS.items() if key[0] == name]
    # As if the snapshot had been taken two days ago: then every time in it was two days earlier.
    two_days = timedelta(days=2)
    snapshot.taken_at -= two_days
    for _table, rows in snapshot.rows:
        for row in rows:
            row.update({k: v - two_days for k, v in row.items() if isinstance(v, datetime)})

    world = built_once(name, lambda: _build_world(data_dir), data_dir)
    assert abs((world.a.meeting.starts_at - utcnow()) - ahead) < timedelta(minutes=1)


def test_new_rows_are_numbered_after_the_copied_ones(app, data_dir, request):
    name = request.node.nodeid
    built_once(name, lambda: _build_world(data_dir), data_dir)
    db.session.remove()
    _empty_all_tables()
    world = built_once(name, lambda: _build_world(data_dir), data_dir)
    highest = max(db.session.scalars(select(Group.id)))
    assert make_group("Group C").id == highest + 1
    meeting = Meeting(
        group_id=world.a.group.id,
        title="Another",
        starts_at=utcnow() + timedelta(days=30),
        ends_at=utcnow() + timedelta(days=30, hours=2),
    )
    db.session.add(meeting)
    db.session.commit()
    assert meeting.id > max(world.a.meeting.id, world.b.meeting.id)


def test_data_on_a_database_that_is_not_empty_is_built_and_not_kept(app, data_dir, request):
    name = request.node.nodeid
    make_group("Already here")
    world = built_once(name, lambda: _build_world(data_dir), data_dir)
    assert world.a.group.name == "Group A"
    assert db.session.scalar(select(Group.id).where(Group.name == "Already here"))
    assert not [key for key in snapshots._SNAPSHOTS if key[0] == name]
