"""Building TwiML answers: the response helper and the pieces every menu shares."""

from __future__ import annotations

from flask import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.prompts import DEFAULT_LANGUAGE, say

VOICE = "Polly.Amy"
BASE_TIMEOUT_SECONDS = 8  # generous: many callers need time to find the key
NUMBER_TIMEOUT_SECONDS = 12  # keying a member number or PIN takes longer


def twiml(response: VoiceResponse | str) -> Response:
    return Response(str(response), mimetype="text/xml")


def speak(
    target: VoiceResponse | Gather,
    prompt_id: str,
    rate: int = 100,
    language: str = DEFAULT_LANGUAGE,
    **values: object,
) -> None:
    """Say one prompt, at the caller's own speaking rate (SSML prosody when not 100%)."""
    text = say(prompt_id, language=language, **values)
    if rate == 100:
        target.say(text, voice=VOICE, language=language)
    else:
        spoken = target.say(voice=VOICE, language=language)
        spoken.prosody(text, rate=f"{rate}%")


def menu_gather(
    response: VoiceResponse,
    action_url: str,
    hints: str,
    extra_seconds: int = 0,
    *,
    num_digits: int | None = 1,
    finish_on_key: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> Gather:
    """A Gather that takes keys or words, with the caller's extra time; silence posts too."""
    base = BASE_TIMEOUT_SECONDS if num_digits == 1 else NUMBER_TIMEOUT_SECONDS
    options: dict[str, object] = {
        "input": "dtmf speech",
        "timeout": base + extra_seconds,
        "speech_timeout": "auto",
        "action": action_url,
        "method": "POST",
        "language": language,
        "hints": hints,
        "action_on_empty_result": True,
    }
    if num_digits:
        options["num_digits"] = num_digits
    if finish_on_key:
        options["finish_on_key"] = finish_on_key
    gather = Gather(**options)
    response.append(gather)
    return gather
