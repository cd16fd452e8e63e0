"""docs/interface.md is the public promise: every path, command and variable it names exists."""

import re
from pathlib import Path

import pytest

from voice_app.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "interface.md").read_text()
SHARED = ROOT.parent / "shared" / "INTERFACE.md"


def test_doc_keeps_everything_the_shared_interface_promises():
    if not SHARED.exists():
        pytest.skip("no shared/INTERFACE.md beside the checkout")
    ours = " ".join(DOC.split())
    for line in SHARED.read_text().splitlines():
        if line.startswith("| `") or (line.startswith("| ") and "_" in line.split("|")[1]):
            name = line.split("|")[1].strip()
            assert name in ours, f"docs/interface.md lost {name}"


def test_every_webhook_path_is_served(app):
    rules = {(rule.rule, method) for rule in app.url_map.iter_rules() for method in rule.methods}
    for method, path in re.findall(r"`(GET|POST) (/[a-z/]*)`", DOC):
        assert (path, method) in rules, f"{method} {path} is documented but not served"


def test_every_command_exists():
    commands = set(re.findall(r"`voice-app ([a-z-]+)", DOC))
    assert {"init-db", "demo", "serve", "worker", "export", "models", "privacy"} <= commands
    for name in commands:
        assert name in main.commands, f"voice-app {name} is documented but missing"


def test_every_variable_is_read(app):
    source = "\n".join(p.read_text() for p in (ROOT / "voice_app").rglob("*.py"))
    for name in re.findall(r"^\| ([A-Z][A-Z_]+) \|", DOC, flags=re.M):
        assert f'"{name}"' in source, f"{name} is documented but never read"
