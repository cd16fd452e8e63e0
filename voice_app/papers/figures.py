"""Pictures in papers: the shape every reader hands on, the marker that keeps its place in the
text, and which pictures are decoration that a listener is better off not hearing about.

A reader puts `marker(index)` as its own paragraph where the picture stands; the index points
into `Document.pictures`. Decoration is what the author marked so (an empty alt text), a picture
too small to carry meaning, or one repeated through the paper (a logo on every page).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from PIL import Image

MIN_PIXELS = 32  # narrower or shorter than this: a rule, a bullet, a spacer
REPEATS_FOR_LOGO = 3
MAX_DESCRIPTION = 2000
_MARKER = re.compile(r"^\[\[picture:(\d+)\]\]$")


@dataclass
class Picture:
    data: bytes
    description: str | None = None  # the author's (alt, descr, /Alt, caption); None: none given
    page: int | None = None
    decorative: bool = False
    width: int = 0
    height: int = 0
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.data).hexdigest()
        if self.description is not None:
            self.description = " ".join(self.description.split())[:MAX_DESCRIPTION]
        if not (self.width and self.height):
            self.width, self.height = pixel_size(self.data)


def pixel_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels; (0, 0) when Pillow cannot tell (a vector drawing, say)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # any format Pillow does not know: size unknown, picture still kept
        return 0, 0


def marker(index: int) -> str:
    return f"[[picture:{index}]]"


def picture_index(paragraph: str) -> int | None:
    """The picture a paragraph stands for, or None when it is words."""
    match = _MARKER.match(paragraph.strip())
    return int(match[1]) if match else None


def is_tiny(picture: Picture) -> bool:
    return 0 < min(picture.width, picture.height) < MIN_PIXELS if picture.width else False


def decorative_indexes(pictures: list[Picture]) -> set[int]:
    """Pictures to skip: marked decorative by the author, tiny, or repeated like a logo."""
    counts = Counter(p.sha256 for p in pictures)
    return {
        index
        for index, picture in enumerate(pictures)
        if picture.decorative or is_tiny(picture) or counts[picture.sha256] >= REPEATS_FOR_LOGO
    }


def drop_markers(text: str, skip: set[int]) -> str:
    """Remove the markers of skipped pictures from a section's text."""
    paragraphs = [p for p in text.split("\n\n") if picture_index(p) not in skip]
    return "\n\n".join(paragraphs)
