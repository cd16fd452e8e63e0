"""The job queue on the database itself, so one machine needs no extra service.

Claiming is a compare-and-set on the row's status: only one worker's UPDATE can move a job from
queued to running. On PostgreSQL the candidate is also picked with FOR UPDATE SKIP LOCKED, so many
workers on many machines do not queue up behind one row. A running job holds a lease; a worker that
dies leaves its lease to expire, and the job is claimed again.
"""

from __future__ import annotations

import traceback
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from voice_app.extensions import db
from voice_app.models import Job, JobStatus, utcnow

DEFAULT_LEASE = timedelta(minutes=10)


def enqueue(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    dedupe_key: str | None = None,
    delay: timedelta = timedelta(0),
    priority: int = 100,
    max_attempts: int = 5,
) -> Job:
    """Add a job to the session (the caller commits). A known dedupe_key returns the first job."""
    if dedupe_key is not None:
        existing = db.session.scalar(select(Job).where(Job.dedupe_key == dedupe_key))
        if existing is not None:
            return existing
    job = Job(
        kind=kind,
        payload=payload or {},
        dedupe_key=dedupe_key,
        priority=priority,
        max_attempts=max_attempts,
        run_after=utcnow() + delay,
        status=JobStatus.QUEUED,
    )
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:
        existing = db.session.scalar(select(Job).where(Job.dedupe_key == dedupe_key))
        if existing is None:
            raise
        return existing
    return job


def _claimable():
    now = utcnow()
    return or_(
        (Job.status == JobStatus.QUEUED) & (Job.run_after <= now),
        (Job.status == JobStatus.RUNNING) & (Job.locked_until < now),
    )


def claim_next(
    worker_id: str, kinds: list[str] | None = None, lease: timedelta = DEFAULT_LEASE
) -> Job | None:
    """Claim the most urgent claimable job for this worker, or None. Commits the claim."""
    for _ in range(5):
        query = select(Job.id).where(_claimable())
        if kinds:
            query = query.where(Job.kind.in_(kinds))
        query = query.order_by(Job.priority, Job.run_after, Job.id).limit(1)
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job_id = db.session.scalar(query)
        if job_id is None:
            db.session.rollback()
            return None
        now = utcnow()
        # The WHERE is checked again under the row's write lock: only one worker's UPDATE matches.
        result = db.session.execute(
            update(Job)
            .where(Job.id == job_id)
            .where(_claimable())
            .values(
                status=JobStatus.RUNNING,
                locked_by=worker_id,
                locked_until=now + lease,
                started_at=now,
                attempts=Job.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if result.rowcount == 1:
            return db.session.get(Job, job_id, populate_existing=True)
    return None


def extend_lease(job: Job, worker_id: str, lease: timedelta = DEFAULT_LEASE) -> bool:
    """Keep a long job's claim alive; False if another worker has taken it over."""
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.locked_by == worker_id, Job.status == JobStatus.RUNNING)
        .values(locked_until=utcnow() + lease)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def finish(job: Job, result: dict[str, Any] | None = None) -> None:
    job.status = JobStatus.DONE
    job.result = result
    job.finished_at = utcnow()
    job.locked_until = None
    db.session.commit()


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def record_failure(job: Job, error: BaseException, permanent: bool = False) -> None:
    """Retry later with backoff, or mark failed with the reason when attempts run out."""
    db.session.rollback()
    job = db.session.get(Job, job.id, populate_existing=True)
    detail = "".join(traceback.format_exception_only(type(error), error)).strip()
    job.last_error = detail[:4000]
    job.locked_by = None
    job.locked_until = None
    if permanent or job.attempts >= job.max_attempts:
        job.status = JobStatus.FAILED
        job.finished_at = utcnow()
    else:
        job.status = JobStatus.QUEUED
        job.run_after = utcnow() + backoff(job.attempts)
    db.session.commit()
