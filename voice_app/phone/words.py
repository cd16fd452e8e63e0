"""Understanding what a caller said (Twilio's SpeechResult) as the key they meant."""

from __future__ import annotations

import re
from collections.abc import Iterable

from voice_app.prompts import DEFAULT_LANGUAGE, say

STAR, HASH = "*", "#"


def word_list(prompt_id: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The phrases in one `words_*` prompt, lower case."""
    return [w.strip().lower() for w in say(prompt_id, language=language).split(",") if w.strip()]


def _tokens(speech: str) -> list[str]:
    return re.findall(r"[a-z0-9*#]+", speech.lower())


def _digit_words(language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for digit, group in enumerate(say("digit_words", language=language).split(",")):
        for word in group.split():
            table[word.lower()] = str(digit)
    for word in word_list("words_star", language):
        table[word] = STAR
    for word in word_list("words_hash", language):
        table[word] = HASH
    return table


def spoken_number(speech: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Digits from words: 'one zero zero two' or '1002' become '1002'; other words are ignored."""
    table = _digit_words(language)
    digits = []
    for token in _tokens(speech):
        if token.isdigit():
            digits.append(token)
        elif token in table and table[token] not in (STAR, HASH):
            digits.append(table[token])
    return "".join(digits)


def heard_key(
    digits: str,
    speech: str,
    choices: Iterable[tuple[str, str]],
    language: str = DEFAULT_LANGUAGE,
) -> str | None:
    """The key pressed, or the key whose words (a `words_*` prompt id) were said.

    Keys win over words; longer phrases win over shorter ones; a single spoken digit, 'star' or
    'hash' counts as that key. None when nothing recognisable came in.
    """
    pressed = (digits or "").strip()
    if pressed:
        return pressed[0]
    text = " " + " ".join(_tokens(speech or "")) + " "
    if not text.strip():
        return None
    phrases = [
        (phrase, key) for key, words_id in choices for phrase in word_list(words_id, language)
    ]
    for phrase, key in sorted(phrases, key=lambda item: -len(item[0])):
        if f" {phrase} " in text:
            return key
    table = _digit_words(language)
    for token in text.split():
        if token in table:
            return table[token]
        if token.isdigit() and len(token) == 1:
            return token
    return None


def hints_for(choices: Iterable[tuple[str, str]], language: str = DEFAULT_LANGUAGE) -> str:
    """Twilio's speech hints: every phrase the caller may say here."""
    return ", ".join(
        dict.fromkeys(
            phrase for _key, words_id in choices for phrase in word_list(words_id, language)
        )
    )
