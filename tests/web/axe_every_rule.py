"""axe-core with every rule on (best practices and experimental ones too), at any impact: the
issue's bar for new pages. AAA rules (7:1 contrast) are the one exception: the site aims at AA."""

from __future__ import annotations

from tests.web.browser import READ_RESULTS, loaded


def every_axe_violation(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    loaded(page)
    every = {"runOnly": {"type": "rule", "values": _every_rule(page)}, **READ_RESULTS}
    result = Axe().run(page, options=every)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


def _every_rule(page) -> list[str]:
    """Every rule axe knows but the AAA ones."""
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(Axe().axe_script)  # Axe().run injects it again: axe-core allows that
    return page.evaluate(
        "axe.getRules().filter(r => !r.tags.includes('wcag2aaa')).map(r => r.ruleId)"
    )
