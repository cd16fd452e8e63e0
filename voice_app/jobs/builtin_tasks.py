"""Housekeeping jobs every installation has."""

from __future__ import annotations

from typing import Any

from voice_app.jobs.registry import handler


@handler("noop")
def noop(payload: dict[str, Any]) -> dict[str, Any]:
    """Does nothing but echo: used to check that a worker is alive and claiming."""
    return {"echo": payload.get("echo")}
