"""The databases a benchmark runs on: a fresh SQLite file, and a fresh PostgreSQL database.

PostgreSQL is the project's private server on 127.0.0.1:54329 (`bash scripts/postgres.sh start`),
or BENCH_POSTGRES_URL. Each run gets its own database, dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def postgres_admin_url() -> str | None:
    """A URL to the PostgreSQL server, starting the project's server when needed; None if not."""
    if os.environ.get("BENCH_POSTGRES_URL"):
        return os.environ["BENCH_POSTGRES_URL"]
    try:
        out = subprocess.run(
            ["bash", "scripts/postgres.sh", "start"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.stdout.strip().splitlines()
    return lines[-1] if out.returncode == 0 and lines else None


@contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server for one run; dropped when the run is over."""
    from sqlalchemy import create_engine, text

    from voice_app.config import Settings

    admin = Settings.from_env({"DATABASE_URL": admin_url}).database_url
    name = f"voice_app_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'bench.sqlite3'}"
