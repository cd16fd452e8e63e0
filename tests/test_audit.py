"""One audit helper: any actor (a User, a Person or a name) and the row changed, named alike."""

from tests.builders import make_group, make_person
from voice_app import audit
from voice_app.extensions import db
from voice_app.models import User


def test_actors_are_named_one_way(app):
    group = make_group()
    person = make_person(group)
    user = User(email="coordinator@example.org", password_hash="x")
    db.session.add(user)
    db.session.flush()
    assert audit.actor_name(user) == f"user:{user.id}"
    assert audit.actor_name(person) == f"person:{person.id}"
    assert audit.actor_name("cli") == "cli"


def test_about_names_the_entity_id_and_group(app):
    group = make_group()
    entry = audit.record(audit.SYSTEM, "group.checked", about=group, note=None, size=3)
    assert (entry.actor, entry.entity, entry.entity_id, entry.group_id) == (
        "system",
        "group",
        group.id,
        None,
    )
    assert entry.detail == {"size": 3}
    person = make_person(group)
    entry = audit.record(person, "person.updated", about=person, group_id=group.id)
    assert (entry.entity, entry.entity_id, entry.group_id) == ("person", person.id, group.id)
