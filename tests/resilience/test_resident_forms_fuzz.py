"""Every form of a resident's own page, found by crawling it as a signed-in resident, posted with
a valid CSRF token and random values: never a 500, a refused form changes nothing, and another
group's meetings and papers stay out of reach."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.resilience.test_web_forms_fuzz import crawl, post_fuzzed, value
from tests.web.helpers import post_form
from voice_app.extensions import db
from voice_app.models import Paper, PaperSection
from voice_app.resident_access import issue_link

RESIDENT_ONLY = {"/me/issue"}  # a coordinator's button, fuzzed with the coordinators' forms


@pytest.fixture
def resident(client, world):
    paper = Paper(meeting_id=world.a.meeting.id, position=1, title="Transport review")
    paper.sections.append(
        PaperSection(position=1, heading="Buses", text="Ramps.", spoken_text="Ramps.")
    )
    db.session.add(paper)
    db.session.commit()
    token = issue_link(world.a.resident, world.a.group, "test")
    db.session.commit()
    client.get(f"/me/link/{token}")
    assert post_form(client, "/me/pin", "/me/pin", {"pin": "1234"}).status_code == 302
    return client


@pytest.fixture
def resident_forms(resident):
    forms = crawl(resident, start="/me/")
    forms.pop("/me/sign-out", None)  # signing out would only stop the rest of the fuzzing
    return forms


def test_the_crawl_reaches_every_resident_post_route(app, resident_forms):
    rules = (
        {
            rule.rule.split("<")[0].rstrip("/")
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and rule.rule.startswith("/me/")
        }
        - RESIDENT_ONLY
        - {"/me/sign-out", "/me/pin"}
    )  # the PIN is asked before the page
    found = " ".join(resident_forms)
    assert sorted(rule for rule in rules if rule not in found) == []


def other_group(path: str, world) -> str:
    swapped = path.replace(f"/meetings/{world.a.meeting.id}", f"/meetings/{world.b.meeting.id}")
    return re.sub(r"/papers/\d+", "/papers/999999", swapped)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_values_in_every_resident_form_never_give_a_500(
    resident, world, resident_forms, data
):
    action = data.draw(st.sampled_from(sorted(resident_forms)))
    _page, fields = resident_forms[action]
    if data.draw(st.booleans()):
        action = other_group(action, world)
    form = {name: data.draw(value) for name in fields if data.draw(st.integers(0, 5))}
    form.update(data.draw(st.dictionaries(value, value, max_size=2)))
    post_fuzzed(resident, "/me/", action, form)
