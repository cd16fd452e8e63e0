"""A group with a coordinator and a resident, as most payment tests start."""

import pytest

from tests.builders import make_coordinator, make_group, make_person


@pytest.fixture
def group(app):
    return make_group("Riverside")


@pytest.fixture
def coordinator(group):
    return make_coordinator(group)


@pytest.fixture
def resident(group):
    return make_person(group, "Amina Hassan", pin="4321")
