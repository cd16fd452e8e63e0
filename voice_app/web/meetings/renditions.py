"""Finding stored audio safely: renditions of paper sections, and callers' recordings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from voice_app.models import PaperSection, SpeechRendition
from voice_app.papers.rendering import NORMAL_RATE, find_rendition
from voice_app.speech.tts import RATES

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg"}


def rendition_for(section: PaperSection) -> SpeechRendition | None:
    """The section's audio at normal speed, else at any speed the phone offers."""
    for rate in (NORMAL_RATE, *RATES):
        rendition = find_rendition(section.spoken_text, rate)
        if rendition is not None:
            return rendition
    return None


def audio_for_sections(sections: Iterable[PaperSection]) -> dict[int, SpeechRendition]:
    found = {}
    for section in sections:
        rendition = rendition_for(section)
        if rendition is not None:
            found[section.id] = rendition
    return found


def safe_data_path(raw: str | None, data_dir: Path) -> Path | None:
    """A stored path only when it is a file inside the data dir: no '..', no links out of it."""
    if not raw:
        return None
    root = data_dir.resolve()
    path = Path(raw)
    path = (path if path.is_absolute() else root / path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def audio_type(path: Path) -> str:
    return AUDIO_TYPES.get(path.suffix.lower(), "application/octet-stream")
