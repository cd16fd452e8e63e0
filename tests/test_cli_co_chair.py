"""`voice-app co-chair-sign-in`: the same rules as the web view, a link printed once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.builders import make_group, make_person
from voice_app import people
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.models import Role, User


@pytest.fixture
def cli(app):
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(main, list(args), catch_exceptions=False)
        db.session.expire_all()
        return result

    return invoke


def test_a_co_chair_sign_in_from_the_command_line(cli, client):
    group = make_group("Riverside")
    person = make_person(group, "Ada Okafor", "+447700900555", role=Role.OFFICER)
    number = person.member_number
    refused = cli("co-chair-sign-in", number, "--group", "Riverside", "--email", "a@example.org")
    assert refused.exit_code == 2 and "is not a co-chair" in refused.stderr
    people.set_co_chair(person.memberships[0], True, "test")
    db.session.commit()
    both = cli("co-chair-sign-in", number, "--group", "Riverside", "--email", "a@x.org", "--reset")
    assert both.exit_code == 2 and len(both.stderr.strip().splitlines()) == 1
    made = cli("co-chair-sign-in", number, "--group", "Riverside", "--email", "A@Example.org")
    assert made.exit_code == 0, made.stderr
    link = made.stdout.strip()
    assert link.startswith("http") and "/set-password/" in link
    user = db.session.scalar(select(User).where(User.email == "a@example.org"))
    assert user.person_id == person.id
    path = link[link.index("/set-password/") :]
    assert client.get(path).status_code == 200
    again = cli("co-chair-sign-in", number, "--group", "Riverside", "--reset")
    assert again.exit_code == 0 and again.stdout.strip() != link
    assert client.get(path).status_code == 410  # the first link stopped working
