"""What a Vosk model folder must hold, and which language it is for.

Vosk (Kaldi underneath) reports a bad folder only as "Failed to create a model"
after printing C++ errors, so both the recogniser and the model store check the
layout first and can say exactly what is missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE

METADATA_FILE = "voice-app-model.json"
WHISPER_ENGINE = "whisper"

# Vosk's own short codes that are not ISO 639-1.
_LANGUAGE_ALIASES = {"cn": "zh", "vn": "vi", "kz": "kk", "ua": "uk", "jp": "ja"}
_NAME_LANGUAGE = re.compile(r"vosk-model-(?:small-)?([a-z]{2,3}(?:-[a-z]{2})?)(?=-|$)")


def layout_problems(folder: Path) -> list[str]:
    """Return what is wrong with a Vosk model folder; an empty list means it looks loadable."""
    folder = Path(folder)
    if not folder.is_dir():
        return [f"{folder} is not a folder"]
    if not any(folder.iterdir()):
        return [f"{folder} is empty"]
    # Layout 2 (current models): am/, conf/, graph/. Layout 1 (old models): flat.
    if (folder / "am").is_dir():
        model_file, features, graph = folder / "am" / "final.mdl", folder / "conf", folder / "graph"
    else:
        model_file, features, graph = folder / "final.mdl", folder, folder
    problems = []
    if not _non_empty(model_file):
        problems.append(f"missing or empty acoustic model {model_file.relative_to(folder)}")
    if not _non_empty(features / "mfcc.conf"):
        problems.append(f"missing feature settings {(features / 'mfcc.conf').relative_to(folder)}")
    static = _non_empty(graph / "HCLG.fst")
    lookahead = _non_empty(graph / "HCLr.fst") and _non_empty(graph / "Gr.fst")
    if not (static or lookahead):
        where = graph.relative_to(folder).as_posix() if graph != folder else "the top level"
        problems.append(f"no decoding graph (HCLG.fst, or HCLr.fst with Gr.fst) in {where}")
    return problems


def is_whisper_folder(folder: Path) -> bool:
    return (Path(folder) / "model.bin").is_file()


def whisper_problems(folder: Path) -> list[str]:
    """What keeps a folder from being a verified, catalogued Whisper model (empty: usable)."""
    folder = Path(folder)
    meta = read_metadata(folder)
    entry = WHISPER_CATALOGUE.get(str(meta.get("name", "")))
    if meta.get("engine") != WHISPER_ENGINE or entry is None:
        return ["not installed by 'voice-app models install' (no checksums recorded)"]
    missing = [f.name for f in entry.files if not (folder / f.name).is_file()]
    return [f"missing {', '.join(missing)}"] if missing else []


def _non_empty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def normalise_language(code: str) -> str:
    """Lower-case a language tag and map Vosk's own codes (cn, vn, kz) to ISO ones."""
    code = code.strip().lower().replace("_", "-")
    primary, _, region = code.partition("-")
    primary = _LANGUAGE_ALIASES.get(primary, primary)
    return f"{primary}-{region}" if region else primary


def language_from_name(name: str) -> str | None:
    """Read the language from an official model name such as vosk-model-small-en-us-0.15."""
    match = _NAME_LANGUAGE.match(name.lower())
    return normalise_language(match.group(1)) if match else None


def read_metadata(folder: Path) -> dict[str, Any]:
    """The notes we wrote at install time, or {} for a folder someone copied in by hand."""
    meta_file = Path(folder) / METADATA_FILE
    try:
        data = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_metadata(folder: Path, metadata: dict[str, Any]) -> None:
    """Record where a model came from, its language and checksum, beside the model."""
    text = json.dumps(metadata, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (Path(folder) / METADATA_FILE).write_text(text, encoding="utf-8")


def model_language(folder: Path) -> str | None:
    """The model's language: from our metadata file first, else from the folder's name."""
    folder = Path(folder)
    language = read_metadata(folder).get("language")
    if isinstance(language, str) and language:
        return normalise_language(language)
    return language_from_name(folder.name)


def language_matches(wanted: str, offered: str | None) -> bool:
    """True when a model for `offered` can serve `wanted`: same language, any region."""
    if offered is None:
        return False
    return normalise_language(wanted).split("-")[0] == normalise_language(offered).split("-")[0]


def model_folders(models_dir: Path) -> list[Path]:
    """Every folder directly under models_dir that looks like a loadable Vosk model."""
    models_dir = Path(models_dir)
    if not models_dir.is_dir():
        return []
    return [
        child
        for child in sorted(models_dir.iterdir())
        if child.is_dir() and not child.name.startswith(".") and not layout_problems(child)
    ]
