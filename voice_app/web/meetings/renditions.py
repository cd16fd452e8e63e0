"""Finding stored audio safely: renditions of paper sections, and callers' recordings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from voice_app.models import PaperSection, SpeechRendition
from voice_app.papers.rendering import NORMAL_RATE, find_rendition
from voice_app.speech.tts import RATES
from voice_app.storage import StoreError

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg"}


def rendition_for(section: PaperSection) -> SpeechRendition | None:
    """The section's audio at normal speed, else at any speed the phone offers."""
    for rate in (NORMAL_RATE, *RATES):
        rendition = find_rendition(section.spoken_text, rate)
        if rendition is not None:
            return rendition
    return None


def audio_for_sections(sections: Iterable[PaperSection]) -> dict[int, SpeechRendition]:
    """Players for sections that have audio; none (the text still shows) if the store is dark."""
    found = {}
    try:
        for section in sections:
            rendition = rendition_for(section)
            if rendition is not None:
                found[section.id] = rendition
    except StoreError:
        return {}
    return found


def audio_type(key: str) -> str:
    return AUDIO_TYPES.get(PurePosixPath(key).suffix.lower(), "application/octet-stream")
