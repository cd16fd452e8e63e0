"""Understanding speech as keys, and saying dates and keys the British English way."""

from __future__ import annotations

import ast
import re
import tomllib
from datetime import UTC, datetime

import pytest

from voice_app.config import PROJECT_ROOT, PROMPTS_DIR
from voice_app.phone.menus import MAX_CHOICES_READ, MENUS
from voice_app.phone.spoken import spoken_datetime, spoken_keys
from voice_app.phone.words import heard_key, spoken_number
from voice_app.prompts import DEFAULT_LANGUAGE as EN

MAIN = [("1", "words_papers"), ("3", "words_shopping"), ("*", "words_repeat"), ("0", "words_help")]


@pytest.mark.parametrize(
    ("digits", "speech", "key"),
    [
        ("1", "", "1"),
        ("", "Papers.", "1"),
        ("", "the shopping list please", "3"),
        ("", "Repeat that", "*"),
        ("", "three", "3"),
        ("", "star", "*"),
        ("", "zero", "0"),
        ("", "oh", "0"),
        ("", "bananas", None),
        ("", "", None),
        ("3", "papers", "3"),
    ],
)
def test_heard_key(app, digits, speech, key):
    assert heard_key(digits, speech, MAIN, EN) == key


def test_spoken_number(app):
    assert spoken_number("one zero zero two", EN) == "1002"
    assert spoken_number("my number is 10 02", EN) == "1002"
    assert spoken_number("hello", EN) == ""


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (datetime(2026, 12, 15, 14, 0, tzinfo=UTC), "Tuesday 15 December at 2 pm"),
        (datetime(2026, 7, 1, 9, 30, tzinfo=UTC), "Wednesday 1 July at 10:30 am"),  # BST
        (datetime(2026, 3, 2, 12, 0, tzinfo=UTC), "Monday 2 March at 12 noon"),
        (datetime(2026, 3, 2, 0, 0, tzinfo=UTC), "Monday 2 March at midnight"),
        (datetime(2026, 3, 2, 18, 5, tzinfo=UTC), "Monday 2 March at 6:05 pm"),
    ],
)
def test_dates_are_said_naturally(app, moment, said):
    assert spoken_datetime(moment, "Europe/London", EN) == said


def test_spoken_keys(app):
    assert spoken_keys(["1", "2", "*"], EN) == "1, 2, or star"
    assert spoken_keys(["0"], EN) == "0"


def test_no_menu_reads_more_than_five_choices():
    prompts = tomllib.loads((PROMPTS_DIR / "en-GB.toml").read_text())
    for menu in MENUS:
        assert prompts[menu.prompt].count("Press ") <= MAX_CHOICES_READ, menu.name


def test_every_prompt_the_phone_code_uses_exists():
    """Prompt ids named in the phone package are all in the prompts file."""

    prompts = tomllib.loads((PROMPTS_DIR / "en-GB.toml").read_text())
    source = "\n".join(
        _without_docstring(p.read_text())
        for p in (PROJECT_ROOT / "voice_app" / "phone").glob("*.py")
    )
    used = set(re.findall(r"""(?:say|speak)\([^,()]+, "([a-z_]+)\"""", source))
    used |= set(re.findall(r'"(words_[a-z_]+)"', source))
    assert used, "the pattern should find prompt ids"
    assert used - set(prompts) == set()


def _without_docstring(source: str) -> str:
    docstring = ast.get_docstring(ast.parse(source), clean=False) or ""
    return source.replace(docstring, "", 1)
