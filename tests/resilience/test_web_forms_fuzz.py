"""Every form of the web view, found by crawling it as a coordinator, posted with a valid CSRF
token and random values (and random files): never a 500, and a refused form changes nothing.
Forms are also aimed at the other group's records (the ids in the URL swapped)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.fuzz_budget import examples
from tests.resilience.conftest import snapshot
from tests.web.helpers import csrf_from
from voice_app import contact_requests
from voice_app.extensions import db
from voice_app.models import ContactSource, ShoppingItem
from voice_app.papers.store import add_paper

SKIP_LINKS = ("/audio/", "/exports/", "/assets/", "/static/", "/logout")
# Signing out would only stop the rest of the fuzzing; setting a password is reached only
# through a one-time link (tests/web/test_co_chair_sign_ins.py refuses bad and used links).
SKIP_ACTIONS = {"/logout", "/set-password"}


class FormFinder(HTMLParser):
    """Links, and each POST form's action with its field names (file inputs marked)."""

    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.links: set[str] = set()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._form: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "a" and found.get("href", "").startswith("/"):
            self.links.add(found["href"].split("#")[0])
        elif tag == "form" and found.get("method", "get").lower() == "post":
            self._form = {}
            self.forms.append((urljoin(self.page, found.get("action") or self.page), self._form))
        elif tag in ("input", "select", "textarea") and self._form is not None:
            name = found.get("name")
            if name and name != "csrf_token":
                self._form[name] = found.get("type", tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def crawl(client, start: str = "/", most: int = 80) -> dict[str, tuple[str, dict[str, str]]]:
    """action -> (a page it is on, its fields), from every page reachable from the dashboard."""
    seen, queue, forms = set(), [start], {}
    while queue and len(seen) < most:
        page = queue.pop(0)
        if page in seen or page.startswith(SKIP_LINKS):
            continue
        seen.add(page)
        response = client.get(page)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        finder = FormFinder(page)
        finder.feed(response.get_data(as_text=True))
        queue.extend(sorted(finder.links - seen))
        for action, fields in finder.forms:
            path = urlsplit(action).path
            if path not in SKIP_ACTIONS:
                forms.setdefault(path, (page, {}))[1].update(fields)
    return forms


NASTY = [
    "",
    "\x00",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999",
    "2024-02-30",
    "9999-12-31T23:59",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "x" * 10000,
    "£1,000,000.999",
    "\ud7ff\u202e",
]
value = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
upload = st.tuples(
    st.one_of(st.binary(max_size=2000), st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04"])),
    st.sampled_from(["paper.pdf", "paper.docx", "paper.md", "../../etc/passwd", "a\x00.txt", ""]),
)


@pytest.fixture
def web_forms(coordinator, world):
    contact_requests.ask_for_person(
        world.a.group.id, person=world.a.resident, source=ContactSource.PHONE, reason="fuzz"
    )
    picture = b"# Plans\n\nThe entrance moves.\n\n![](plan.png)\n"
    add_paper(world.a.meeting, picture, "plans.md")  # a picture to describe: its forms too
    twin = ShoppingItem(group_id=world.a.group.id, text="Ramps", merged_into_id=world.a.item.id)
    db.session.add(twin)  # a merged item: the undo form
    db.session.commit()
    forms = crawl(coordinator)
    other = ShoppingItem(group_id=world.a.group.id, text="Lifts")
    db.session.add(other)
    db.session.commit()
    check = f"/shopping/{world.a.item.id}/merge/check?into={other.id}"
    forms.update(crawl(coordinator, start=check, most=1))  # the merge, behind a GET form
    assert len(forms) >= 15, sorted(forms)
    return forms


def other_groups_ids(path: str, world) -> str:
    """The same form, aimed at group B's records (ids group A's coordinator may not touch)."""
    swaps = {
        f"/meetings/{world.a.meeting.id}/": f"/meetings/{world.b.meeting.id}/",
        f"/people/{world.a.resident.id}": f"/people/{world.b.resident.id}",
        f"/comments/{world.a.comment.id}/": f"/comments/{world.b.comment.id}/",
        f"/shopping/{world.a.item.id}/": f"/shopping/{world.b.item.id}/",
        f"/payments/{world.a.payment.id}/": f"/payments/{world.b.payment.id}/",
        f"/groups/{world.a.group.id}/": f"/groups/{world.b.group.id}/",
    }
    for mine, theirs in swaps.items():
        path = path.replace(mine, theirs)
    return re.sub(r"/(\d+)$", lambda m: f"/{int(m.group(1)) + 10**12}", path) if path else path


def test_the_crawl_reaches_every_post_route(app, web_forms):
    """Each POST route of the web view has a form the fuzzing below can find."""
    rules = (
        {
            rule.rule.split("<")[0].rstrip("/")
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and not rule.rule.startswith(("/voice", "/sms", "/me/"))
        }
        - SKIP_ACTIONS
        - {"/login"}
    )  # signing in: fuzzed below, signed out; /me/: test_resident_forms_fuzz.py
    found = " ".join(web_forms)
    missing = sorted(rule for rule in rules if rule not in found)
    assert missing == [], missing


@settings(
    max_examples=examples(60),  # HYPOTHESIS_PROFILE=thorough: 180
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_values_in_every_form_never_give_a_500(coordinator, world, web_forms, data):
    action = data.draw(st.sampled_from(sorted(web_forms)))
    page, fields = web_forms[action]
    if data.draw(st.booleans()):
        action = other_groups_ids(action, world)
    form = {}
    for name, kind in fields.items():
        if kind == "file":
            body, filename = data.draw(upload)
            form[name] = (BytesIO(body), filename)
        elif data.draw(st.integers(0, 5)):
            form[name] = data.draw(value)
    form.update(data.draw(st.dictionaries(value, value, max_size=2)))
    post_fuzzed(coordinator, "/", action, form)


def post_fuzzed(client, page: str, action: str, form: dict) -> None:
    """Post with a valid CSRF token: never a 500, and a refused form changes nothing."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    before = snapshot()
    response = client.post(action, data={**form, "csrf_token": token})
    event(f"{re.sub(r'[0-9]+', 'N', action)} -> {response.status_code}")
    assert response.status_code < 500, (action, form, response.get_data(as_text=True)[:800])
    if response.status_code >= 400:
        assert snapshot() == before, (action, form, response.status_code)


@settings(
    max_examples=examples(25),  # HYPOTHESIS_PROFILE=thorough: 75
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(email=value, password=value, extra=st.dictionaries(value, value, max_size=2))
def test_random_sign_ins_are_refused_with_a_clear_answer(client, world, email, password, extra):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    before = snapshot()
    response = client.post(
        "/login", data={**extra, "email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code in (200, 400, 429), response.get_data(as_text=True)[:500]
    assert "/login" in client.get("/").headers.get("Location", "")  # still signed out
    changed = {name for name, rows in snapshot().items() if rows != before[name]}
    # At most a note of the failed attempt, and the count of this client's failures.
    assert changed <= {"audit_log", "guards"}, changed
