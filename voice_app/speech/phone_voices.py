"""The phone line's one voice: a neural British voice from Twilio's en-GB list, chosen per group.

Twilio speaks <Say> in Amazon Polly and Google voices (twilio.com/docs/voice/twiml/say). The
neural and Neural2 voices sound like a person; the standard ones sound robotic, so only neural
voices are offered. A group's choice is Group.phone_voice; anything not in this list falls back
to the default, so a typo can never silence the line.
"""

from __future__ import annotations

DEFAULT_VOICE = "Polly.Amy-Neural"
EN_GB_VOICES = (
    "Polly.Amy-Neural",
    "Polly.Emma-Neural",
    "Polly.Brian-Neural",
    "Polly.Arthur-Neural",
    "Google.en-GB-Neural2-A",
    "Google.en-GB-Neural2-B",
    "Google.en-GB-Neural2-C",
    "Google.en-GB-Neural2-D",
    "Google.en-GB-Neural2-F",
)


def voice_or_default(voice: str | None) -> str:
    return voice if voice in EN_GB_VOICES else DEFAULT_VOICE
