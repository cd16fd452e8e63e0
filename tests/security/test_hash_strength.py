"""PINs and passwords are hashed as in production: scrypt at werkzeug's cost, salted, and a PIN
check costs about as much whether or not the member number exists (the other tests hash
quickly: tests/conftest.py, quick_hashes)."""

from __future__ import annotations

import pytest

from tests.builders import make_group, make_person
from voice_app import pins
from voice_app.extensions import db
from voice_app.models import User

# Production hashing: the same on either database.
pytestmark = [pytest.mark.real_hashes, pytest.mark.one_database]


def test_a_pin_is_kept_as_a_salted_scrypt_hash(app):
    group = make_group("Riverside")
    amina = make_person(group, "Amina Hassan", phone="+447700900101", pin="2468")
    derek = make_person(group, "Derek Lewis", phone="+447700900102", pin="2468")
    db.session.commit()
    assert amina.pin_hash.startswith("scrypt:32768:8:1$")
    assert "2468" not in amina.pin_hash
    assert amina.pin_hash != derek.pin_hash  # salted: the same PIN, two hashes
    assert amina.check_pin("2468") and not amina.check_pin("1357")


def test_a_password_is_kept_as_a_salted_scrypt_hash(app):
    user = User(email="coordinator@example.org")
    user.set_password("a long enough password")
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert user.check_password("a long enough password")


def test_an_unknown_member_number_is_checked_against_a_production_hash(app):
    """Timing cannot tell which member numbers exist: the stand-in checked for an unknown one
    is made the way real PINs are, so both answers cost one scrypt check."""
    assert pins._dummy_pin_hash().startswith("scrypt:32768:8:1$")
