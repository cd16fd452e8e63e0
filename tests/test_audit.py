"""One audit helper: any actor (a User, a Person or a name) and the row changed, named alike."""

from tests.builders import make_coordinator, make_group, make_person
from voice_app import audit
from voice_app.models import ShoppingItem


def test_actors_are_named_one_way(app):
    group = make_group()
    person = make_person(group)
    user = make_coordinator(group)
    assert audit.actor_name(user) == f"user:{user.id}"
    assert audit.actor_name(person) == f"person:{person.id}"
    assert audit.actor_name("cli") == "cli"
    assert audit.actor_name(f"phone:{person.phone}") == f"person:{person.id}"
    assert audit.actor_name("phone:+447700900999") == "phone:unknown caller"


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
    assert audit.entity_name(ShoppingItem()) == "shopping_item"


def test_web_changes_name_the_signed_in_user_not_their_email(app):
    """The picture page once logged the coordinator's email as the actor: personal data."""
    group = make_group()
    user = make_coordinator(group)
    entry = audit.record(user, "picture.described", about=group)
    assert entry.actor == f"user:{user.id}" and user.email not in entry.actor
