"""Background work: a job table, safe claiming by many workers, retries, and the worker loop."""

from voice_app.jobs.queue import claim_next, enqueue, finish, record_failure
from voice_app.jobs.registry import PermanentJobError, handler, handlers

__all__ = [
    "PermanentJobError",
    "claim_next",
    "enqueue",
    "finish",
    "handler",
    "handlers",
    "record_failure",
]
