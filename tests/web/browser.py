"""A real headless Chromium (Debian's) against the app served by werkzeug on 127.0.0.1."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

from werkzeug.serving import make_server

from tests.fakes.serving import POLL_SECONDS
from tests.web.helpers import PASSWORD, csrf_from

# Debian's Chromium headless shell: the same Blink and V8 as the full browser, without its user
# interface; the web view's browser tests took a quarter less time and CPU than with the full
# browser in headless mode. The full browser where the archive has no headless shell
# (scripts/setup.sh installs one of them).
CHROMIUM = next(
    (
        path
        for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
        if Path(path).exists()
    ),
    "/usr/bin/chromium-headless-shell",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
# axe builds a unique selector for every node of every result; the passes and inapplicable
# ones, which no test reads, it then cuts to one node a rule. Rules and nodes checked: the same.
READ_RESULTS = ["violations", "incomplete"]


def serve(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # serve_forever checks for shutdown every poll_interval (0.5 s by default): each test's
    # teardown waited for it.
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def sign_in_with_the_form_by_request(context, email: str, password: str = PASSWORD) -> None:
    """Sign the context in by posting the real login form (its CSRF token and session cookie
    from a real GET /login) through the context's own cookie jar: the same request the browser
    sends when the form is submitted, without drawing the two pages. Tests of signing in itself
    (test_dashboard_after_sign_in, the keyboard sign-ins) use the form on the page."""
    token = csrf_from(context.request.get("/login").text())
    answer = context.request.post(
        "/login",
        form={"email": email, "password": password, "csrf_token": token},
        max_redirects=0,
    )
    assert answer.status == 302 and answer.headers["location"] == "/", answer.status


def tab_to(tab, selector: str, limit: int = 120) -> int:
    """Press Tab, as a keyboard user would, until the element matching the CSS selector has
    focus, which must show (an outline). Returns how many presses it took."""
    return _tab_until(tab, "document.activeElement.matches(target)", selector, limit)


def tab_to_named(tab, name: str, limit: int = 120) -> int:
    """Press Tab until the focused element's label, or else its text or value, starts with
    `name`: what a screen reader would call it. Its focus must show. Returns the presses."""
    said = """(() => { const e = document.activeElement;
      const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
      return (label || e.innerText || e.value || '').trim().startsWith(target); })()"""
    return _tab_until(tab, said, name, limit)


def _tab_until(tab, condition: str, target: str, limit: int) -> int:
    import pytest

    for presses in range(1, limit + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"target => {condition}", target):
            outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"focus on {target!r} cannot be seen on {tab.url}"
            return presses
    pytest.fail(f"{target!r} cannot be reached by Tab on {tab.url}")


# "Needs review" results a person has reviewed, with why they pass. Nothing else is allowed.
REVIEWED = {
    # axe cannot know that every player has its words beside it: the section's text or the
    # comment's transcript (WCAG 1.2.1 asks for a text alternative, not a captions track).
    "audio-caption",
}


def loaded(page) -> None:
    """Wait for the page's stylesheets and scripts (the "load" event). A click on a submit
    button returns once the next page has started, not loaded: checked before its styles
    apply, a page shows unstyled links too small to tap, and no media query at all."""
    page.wait_for_load_state("load")


def every_rule_findings(page, but: tuple[str, ...] = ()) -> list[str]:
    """Every axe-core rule turned on (best practices and experimental ones too), `but` those
    named: violations and the results axe could not decide ("needs review"), as text. Both
    count as failures, except the reviewed ones above."""
    from axe_playwright_python.sync_playwright import Axe

    loaded(page)
    page.evaluate(Axe().axe_script)
    result = page.evaluate(
        """([resultTypes, but]) => axe.run(document, {resultTypes, rules: Object.fromEntries(
             axe.getRules().map(rule => [rule.ruleId, {enabled: !but.includes(rule.ruleId)}]))})""",
        [READ_RESULTS, list(but)],
    )
    return [
        f"{kind} {found['id']}: {[node['target'] for node in found['nodes']][:3]} "
        f"{[check['message'] for check in found['nodes'][0]['any']][:1]}"
        for kind in ("violations", "incomplete")
        for found in result[kind]
        if not (kind == "incomplete" and found["id"] in REVIEWED)
    ]


CONTRAST_RULES = ("color-contrast", "color-contrast-enhanced")
# What the stylesheets may change with the window's size and still leave every colour, font
# size and weight, and what is shown, the same: where boxes go, and the space between them.
LAYOUT_ONLY = re.compile(
    r"(grid-template-columns|(row-|column-)?gap|padding(-\w+)*|min-width"
    r"|flex(-\w+)*|white-space(-collapse)?|text-wrap(-mode)?|top)"
)
SIZE_CONDITION = re.compile(r"width|height|aspect-ratio|orientation")
VIEWPORT_UNIT = re.compile(r"\d(vw|vh|vi|vb|vmin|vmax|[sld]v[whib])\b", re.ASCII)


def styles_that_change_with_width(page) -> list[str]:
    """The page's style declarations that could change a colour, a font or what is shown when
    the window is narrower: any declaration in an @media or @container rule about the size
    other than LAYOUT_ONLY ones (and `position`, which may only become sticky, static or
    relative: nothing lays over other text), and any length in viewport units. Empty means
    contrast at one width is contrast at every width."""
    loaded(page)
    declared = page.evaluate(
        """units => { const found = [], viewport = new RegExp(units);
             const walk = (rules, condition) => { for (const rule of rules) {
               const inner = rule.conditionText ? rule.conditionText : condition;
               if (rule.cssRules) walk(rule.cssRules, inner);
               if (rule.styleSheet) walk(rule.styleSheet.cssRules, rule.media.mediaText);
               if (rule.style && (inner || viewport.test(rule.style.cssText)))
                 for (const name of rule.style) found.push(
                   [inner, rule.selectorText || '', name, rule.style.getPropertyValue(name)]);
             } };
             for (const sheet of document.styleSheets) walk(sheet.cssRules, '');
             for (const el of document.querySelectorAll('[style]'))
               if (viewport.test(el.getAttribute('style')))
                 found.push(['', 'style attribute', 'style', el.getAttribute('style')]);
             return found; }""",
        VIEWPORT_UNIT.pattern,
    )
    changes = []
    for condition, selector, name, value in declared:
        text = f"{condition} {selector} {{ {name}: {value} }}".strip()
        if VIEWPORT_UNIT.search(value):
            changes.append(text)
        elif SIZE_CONDITION.search(condition):
            layout = LAYOUT_ONLY.fullmatch(name) or (
                name == "position" and value in ("sticky", "static", "relative")
            )
            if not layout:
                changes.append(text)
    return changes


def duplicate_ids(page) -> list[str]:
    """Ids used more than once on the page (hidden fields included)."""
    loaded(page)
    return page.evaluate(
        """() => { const seen = {};
             for (const el of document.querySelectorAll('[id]')) {
               seen[el.id] = (seen[el.id] || 0) + 1; }
             return Object.keys(seen).filter(id => seen[id] > 1); }"""
    )


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    loaded(page)
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
