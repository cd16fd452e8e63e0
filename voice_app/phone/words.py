"""Understanding what a caller said (Twilio's SpeechResult) as the key they meant."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from voice_app.prompts import say

STAR, HASH = "*", "#"


def word_list(prompt_id: str, language: str) -> list[str]:
    """The phrases in one `words_*` prompt, lower case."""
    return list(_phrases(say(prompt_id, language=language)))


@lru_cache(maxsize=512)
def _phrases(text: str) -> tuple[str, ...]:
    return tuple(w.strip().lower() for w in text.split(",") if w.strip())


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


def _repeats(language: str) -> dict[str, int]:
    """'double' says the next digit twice, 'treble' (or 'triple') three times."""
    table: dict[str, int] = {}
    for times, prompt_id in ((2, "words_double"), (3, "words_treble")):
        for word in word_list(prompt_id, language):
            table[word] = times
    return table


def spoken_number(speech: str, language: str) -> str:
    """Digits from words as people say them: 'one double oh two', 'one zero zero two' and '1002'
    all become '1002'; other words are ignored."""
    table, repeats = _digit_words(language), _repeats(language)
    digits: list[str] = []
    times = 1
    for token in _tokens(speech):
        if token in repeats:
            times = repeats[token]
            continue
        if token.isdigit():
            digits.append(token[0] * times + token[1:])
        elif token in table and table[token] not in (STAR, HASH):
            digits.append(table[token] * times)
        times = 1
    return "".join(digits)


def said_any(speech: str, prompt_id: str, language: str) -> bool:
    """Whether the caller said one of the phrases of a `words_*` prompt."""
    text = " " + " ".join(_tokens(speech or "")) + " "
    return any(f" {phrase} " in text for phrase in word_list(prompt_id, language))


def heard_key(
    digits: str,
    speech: str,
    choices: Iterable[tuple[str, str]],
    language: str,
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


def hints_for(choices: Iterable[tuple[str, str]], language: str) -> str:
    """Twilio's speech hints: every phrase the caller may say here."""
    return ", ".join(
        dict.fromkeys(
            phrase for _key, words_id in choices for phrase in word_list(words_id, language)
        )
    )
