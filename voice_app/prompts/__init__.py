"""Every word the phone line says, loaded from voice_app/prompts/<language>.toml.

Prompts are data so that groups can change the wording without touching code. Each prompt has an
id; its text may hold {placeholders} filled in at the point of use.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_app_context

from voice_app.config import PROMPTS_DIR

DEFAULT_LANGUAGE = "en-GB"


class PromptError(KeyError):
    """A prompt id or placeholder that the prompts file does not have."""


@lru_cache(maxsize=16)
def load(prompts_dir: Path, language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    path = prompts_dir / f"{language}.toml"
    if not path.exists():
        path = prompts_dir / f"{DEFAULT_LANGUAGE}.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {key: " ".join(str(value).split()) for key, value in data.items()}


def _prompts_dir() -> Path:
    if has_app_context():
        return current_app.config["SETTINGS"].prompts_dir
    return PROMPTS_DIR


def say(prompt_id: str, language: str, **values: object) -> str:
    """The text of one prompt with its placeholders filled, in the language given: every caller
    names it (the group's, the call's), so no one falls back to English by forgetting."""
    prompts = load(_prompts_dir(), language)
    try:
        return prompts[prompt_id].format(**values)
    except KeyError as exc:
        raise PromptError(f"prompt {prompt_id!r} or its value {exc} is missing") from exc


def language_of(group: object | None) -> str:
    """A group's language, or the default where no group is known yet (an unknown number)."""
    return getattr(group, "language", None) or DEFAULT_LANGUAGE
