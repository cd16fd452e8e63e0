"""A real headless Chromium (Debian's) against the app served by werkzeug on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serve(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.2 A/AA violations on the page, as text."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def tab_to(tab, selector: str, limit: int = 60) -> None:
    """Press Tab until the element is focused, as a keyboard user would; focus must show."""
    import pytest

    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"document.activeElement.matches({selector!r})"):
            assert tab.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
            return
    pytest.fail(f"{selector} cannot be reached by Tab on {tab.url}")


# "Needs review" results a person has reviewed, with why they pass. Nothing else is allowed.
REVIEWED = {
    # axe cannot know that every player has its words beside it: the section's text or the
    # comment's transcript (WCAG 1.2.1 asks for a text alternative, not a captions track).
    "audio-caption",
}


def every_rule_findings(page) -> list[str]:
    """Every axe-core rule turned on (best practices and experimental ones too): violations and
    the results axe could not decide ("needs review"), as text. Both count as failures, except
    the reviewed ones above."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)
    result = page.evaluate(
        """() => axe.run(document, {rules: Object.fromEntries(
             axe.getRules().map(rule => [rule.ruleId, {enabled: true}]))})"""
    )
    return [
        f"{kind} {found['id']}: {[node['target'] for node in found['nodes']][:3]} "
        f"{[check['message'] for check in found['nodes'][0]['any']][:1]}"
        for kind in ("violations", "incomplete")
        for found in result[kind]
        if not (kind == "incomplete" and found["id"] in REVIEWED)
    ]


def duplicate_ids(page) -> list[str]:
    """Ids used more than once on the page (hidden fields included)."""
    return page.evaluate(
        """() => { const seen = {};
             for (const el of document.querySelectorAll('[id]')) {
               seen[el.id] = (seen[el.id] || 0) + 1; }
             return Object.keys(seen).filter(id => seen[id] > 1); }"""
    )


def sideways_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
