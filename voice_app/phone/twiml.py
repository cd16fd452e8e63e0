"""Building TwiML answers: the response helper and the pieces every menu shares."""

from __future__ import annotations

from flask import Response
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.prompts import say
from voice_app.speech.phone_voices import DEFAULT_VOICE

VOICE = DEFAULT_VOICE
BASE_TIMEOUT_SECONDS = 8  # generous: many callers need time to find the key
NUMBER_TIMEOUT_SECONDS = 12  # keying a member number or PIN takes longer
SPEECH_PAUSE_SECONDS = 2  # a pause this long ends a spoken answer (never "auto": see below)
MAX_SPEECH_PAUSE_SECONDS = 6
# Google's class token: tells the recogniser to expect a sequence of digits.
DIGIT_HINTS = "$OOV_CLASS_DIGIT_SEQUENCE"


def twiml(response: VoiceResponse | str) -> Response:
    return Response(str(response), mimetype="text/xml")


def speak(
    target: VoiceResponse | Gather,
    prompt_id: str,
    rate: int = 100,
    *,
    language: str,
    voice: str = VOICE,
    **values: object,
) -> None:
    """Say one prompt, at the caller's own speaking rate (SSML prosody when not 100%)."""
    say_text(target, say(prompt_id, language=language, **values), rate, language, voice)


def say_text(
    target: VoiceResponse | Gather, text: str, rate: int, language: str, voice: str = VOICE
) -> None:
    if rate == 100:
        target.say(text, voice=voice, language=language)
    else:
        spoken = target.say(voice=voice, language=language)
        spoken.prosody(text, rate=f"{rate}%")


def gather_timing(num_digits: int | None, extra_seconds: int) -> dict[str, object]:
    """How long a Gather waits: for the first key, and for the end of a spoken answer.

    speechTimeout="auto" ends a turn at the first block in speech, so a caller who stammers is
    cut off; a number of seconds, longer for a person given extra time, lets them finish.
    """
    base = BASE_TIMEOUT_SECONDS if num_digits == 1 else NUMBER_TIMEOUT_SECONDS
    pause = min(SPEECH_PAUSE_SECONDS + extra_seconds // 10, MAX_SPEECH_PAUSE_SECONDS)
    return {"timeout": base + extra_seconds, "speech_timeout": pause}


def menu_gather(
    response: VoiceResponse,
    action_url: str,
    hints: str,
    extra_seconds: int = 0,
    *,
    num_digits: int | None = 1,
    finish_on_key: str | None = None,
    language: str,
    keys_only: bool = False,
) -> Gather:
    """A Gather that takes keys or words, with the caller's extra time; silence posts too."""
    options: dict[str, object] = {
        "input": "dtmf" if keys_only else "dtmf speech",
        **gather_timing(num_digits, extra_seconds),
        "action": action_url,
        "method": "POST",
        "action_on_empty_result": True,
    }
    if not keys_only:
        options.update(language=language, hints=hints)
    if num_digits:
        options["num_digits"] = num_digits
    if finish_on_key is not None:
        options["finish_on_key"] = finish_on_key
    gather = Gather(**options)
    response.append(gather)
    return gather
