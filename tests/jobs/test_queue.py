import threading
from datetime import timedelta

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.jobs import claim_next, enqueue, finish, record_failure
from voice_app.jobs.queue import backoff
from voice_app.jobs.worker import Worker
from voice_app.models import Job, JobStatus, utcnow


def test_same_dedupe_key_gives_one_job(app):
    first = enqueue("noop", {"n": 1}, dedupe_key="recording:RE1")
    db.session.commit()
    second = enqueue("noop", {"n": 2}, dedupe_key="recording:RE1")
    db.session.commit()
    assert first.id == second.id
    assert len(db.session.scalars(select(Job)).all()) == 1


def test_claim_runs_most_urgent_first_and_marks_running(app):
    later = enqueue("noop", {}, priority=100)
    urgent = enqueue("noop", {}, priority=10)
    db.session.commit()
    job = claim_next("w1")
    assert job.id == urgent.id
    assert job.status == JobStatus.RUNNING and job.locked_by == "w1" and job.attempts == 1
    assert claim_next("w2").id == later.id
    assert claim_next("w3") is None


def test_delayed_job_waits(app):
    enqueue("noop", {}, delay=timedelta(minutes=5))
    db.session.commit()
    assert claim_next("w1") is None


def test_failure_retries_with_backoff_then_fails_keeping_the_reason(app):
    enqueue("noop", {}, max_attempts=2)
    db.session.commit()
    job = claim_next("w1")
    record_failure(job, RuntimeError("download timed out"))
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.QUEUED
    assert job.run_after > utcnow() + backoff(1) - timedelta(seconds=5)
    job.run_after = utcnow()
    db.session.commit()
    job = claim_next("w1")
    record_failure(job, RuntimeError("download timed out again"))
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.FAILED
    assert "timed out again" in job.last_error


def test_expired_lease_is_claimed_again(app):
    enqueue("noop", {})
    db.session.commit()
    job = claim_next("dead-worker", lease=timedelta(seconds=-1))
    again = claim_next("live-worker")
    assert again is not None and again.id == job.id and again.locked_by == "live-worker"
    assert again.attempts == 2


def test_worker_runs_handler_and_records_result(app):
    enqueue("noop", {"echo": "hello"})
    enqueue("no-such-kind", {})
    db.session.commit()
    assert Worker(app).run(once=True) == 2
    jobs = {j.kind: j for j in db.session.scalars(select(Job))}
    assert jobs["noop"].status == JobStatus.DONE and jobs["noop"].result == {"echo": "hello"}
    assert jobs["no-such-kind"].status == JobStatus.FAILED
    assert "no handler" in jobs["no-such-kind"].last_error


def test_concurrent_claims_never_hand_out_a_job_twice(app):
    for n in range(60):
        enqueue("noop", {"n": n})
    db.session.commit()
    claimed: dict[str, list[int]] = {}

    def work(name: str) -> None:
        with app.app_context():
            mine = claimed.setdefault(name, [])
            while (job := claim_next(name)) is not None:
                mine.append(job.id)
                finish(job)
            db.session.remove()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    all_ids = [job_id for ids in claimed.values() for job_id in ids]
    assert len(all_ids) == 60
    assert len(set(all_ids)) == 60
    statuses = set(db.session.scalars(select(Job.status)))
    assert statuses == {JobStatus.DONE}
