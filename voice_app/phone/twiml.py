"""Building TwiML answers: the response helper and the pieces every menu shares."""

from __future__ import annotations

from flask import Response, url_for
from twilio.twiml.voice_response import Gather, VoiceResponse

from voice_app.prompts import say

LANGUAGE = "en-GB"
VOICE = "Polly.Amy"
BASE_TIMEOUT_SECONDS = 8  # generous: many callers need time to find the key


def twiml(response: VoiceResponse) -> Response:
    return Response(str(response), mimetype="text/xml")


def speak(
    target: VoiceResponse | Gather, prompt_id: str, rate: int = 100, **values: object
) -> None:
    """Say one prompt, at the caller's own speaking rate."""
    text = say(prompt_id, **values)
    if rate == 100:
        target.say(text, voice=VOICE, language=LANGUAGE)
    else:
        spoken = target.say(voice=VOICE, language=LANGUAGE)
        spoken.prosody(text, rate=f"{rate}%")


def menu_gather(
    response: VoiceResponse, action_endpoint: str, hints: str, extra_seconds: int = 0, **params
) -> Gather:
    """A one-key Gather that also listens for words, with the caller's extra time."""
    gather = Gather(
        input="dtmf speech",
        num_digits=1,
        timeout=BASE_TIMEOUT_SECONDS + extra_seconds,
        speech_timeout="auto",
        action=url_for(action_endpoint, **params),
        method="POST",
        language=LANGUAGE,
        hints=hints,
        action_on_empty_result=True,
    )
    response.append(gather)
    return gather
