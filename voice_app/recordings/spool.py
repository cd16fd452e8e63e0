"""Recording callbacks kept on disk while the database is down, and replayed when it is back.

Twilio does not reliably retry a recording status callback, and for a caller who hung up it is
the only message saying they left a recording. So when the database cannot take it, the callback
is written to the data dir (to a temporary file, flushed, then renamed) and the worker replays it.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

from flask import current_app

from voice_app.extensions import db
from voice_app.jobs.periodic import Periodic
from voice_app.recordings.callback import apply_callback

log = logging.getLogger("voice_app.recordings")

Callback = Callable[[Mapping[str, str], Mapping[str, str]], None]


def spool_dir() -> Path:
    return current_app.config["SETTINGS"].data_dir / "spool" / "recording-callbacks"


def keep(form: Mapping[str, str], args: Mapping[str, str]) -> Path:
    """Write one callback durably; its name sorts by arrival."""
    folder = spool_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
    temporary = folder / f".{name}.tmp"
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump({"form": dict(form), "args": dict(args)}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    path = folder / name
    temporary.rename(path)
    log.warning("database unavailable: kept recording callback %s for later", path.name)
    return path


def replay(apply: Callback) -> int:
    """Apply kept callbacks in order; stop at the first that still fails. Returns how many."""
    folder = spool_dir()
    if not folder.is_dir():
        return 0
    done = 0
    for path in sorted(folder.glob("*.json")):
        saved = json.loads(path.read_text(encoding="utf-8"))
        try:
            apply(saved["form"], saved["args"])
            db.session.commit()
        except Exception:  # noqa: BLE001 - still down: keep the file and try again later
            db.session.rollback()
            log.exception("could not replay recording callback %s yet", path.name)
            break
        path.unlink()
        done += 1
    return done


class SpoolReplayer(Periodic):
    """Worker.periodic: replay kept recording callbacks every 10 s."""

    min_interval = 10.0

    def __init__(self, apply: Callback | None = None, min_interval: float | None = None):
        super().__init__(min_interval)
        self.apply = apply

    def run(self) -> int:
        return replay(self.apply or apply_callback)
