"""The S3 store beside the data folder: time to first playable section, and the recordings pipeline.

Usage: python benchmarks/bench_storage.py [--runs 2] [--recordings 10] [--pages 20]
The S3 store is moto's S3 server on 127.0.0.1 (tests/storage/s3_server.py), so the figures show
what the seam itself costs (HTTP, signing, a copy per put, a read-back for checksums), not a real
network's latency: add your store's round trip (a few ms in-region) to each put, get and HEAD.
Papers: bench_papers_phone.one_run (a 20-page PDF, a real `voice-app worker`). Pipeline:
bench_pipeline.run (PocketSphinx, 1 worker, SQLite). Writes benchmarks/results/storage.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import bench_papers_phone as papers  # noqa: E402
import bench_pipeline as pipeline  # noqa: E402
from machine import header, load_average, load_note  # noqa: E402

from tests.storage.s3_server import new_bucket, s3_server  # noqa: E402

STORES = ("data folder", "S3 (moto on 127.0.0.1)")


@contextmanager
def store_environment(kind: str, s3_env: dict[str, str]) -> Iterator[None]:
    """Point this process and the workers it starts at the store (os.environ: they inherit it)."""
    saved = dict(os.environ)
    os.environ.pop("VOICE_APP_STORAGE_URL", None)
    if kind != STORES[0]:
        os.environ.update(s3_env)
        os.environ["VOICE_APP_STORAGE_URL"] = f"s3://{new_bucket(s3_env)}/bench"
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def paper_runs(kind: str, s3_env: dict[str, str], runs: int, pages: int) -> list[dict[str, float]]:
    data, found = papers.numbered_pdf(pages), []
    for _ in range(runs):
        with store_environment(kind, s3_env), tempfile.TemporaryDirectory() as tmp:
            found.append(papers.one_run(data, Path(tmp)))
    return found


def pipeline_run(kind: str, s3_env: dict[str, str], clips: list[bytes], recordings: int) -> dict:
    args = argparse.Namespace(recordings=recordings, engines=["pocketsphinx"])
    pipeline.WORKER_COUNTS = (1,)
    with store_environment(kind, s3_env), tempfile.TemporaryDirectory() as tmp:
        rows = pipeline.run_database(
            "SQLite", pipeline.sqlite_url(Path(tmp)), clips, args, Path(tmp)
        )
    return rows[0]


def op_latencies(s3_env: dict[str, str], count: int = 30) -> dict[str, dict[str, float]]:
    """Median milliseconds of a put, a checked get and an exists of a minute of phone audio."""
    from voice_app.storage import open_store
    from voice_app.storage.s3 import forget_clients

    audio = bytes(range(256)) * (8000 * 2 * 60 // 256)
    digest = hashlib.sha256(audio).hexdigest()
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in STORES:
            with store_environment(kind, s3_env):
                forget_clients()
                store = open_store(os.environ.get("VOICE_APP_STORAGE_URL") or Path(tmp).as_uri())
                times: dict[str, list[float]] = {"put": [], "get": [], "exists": []}
                for n in range(count):
                    key = f"audio/recordings/{n}-bench.wav"
                    for name, method, extra in (
                        ("put", store.put, (audio,)),
                        ("get", store.get, (digest,)),
                        ("exists", store.exists, ()),
                    ):
                        started = time.perf_counter()
                        method(key, *extra)
                        times[name].append((time.perf_counter() - started) * 1000)
                found[kind] = {name: statistics.median(values) for name, values in times.items()}
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--recordings", type=int, default=10)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--ops-only", action="store_true", help="only the per-request table")
    args = parser.parse_args()
    clips = pipeline.clips()
    load_before, paper_rows, pipeline_rows = load_average(), {}, {}
    started = time.monotonic()
    with s3_server() as s3_env:
        ops = op_latencies(s3_env)
        if args.ops_only:
            print(ops_table(ops))
            return
        for kind in STORES:
            print(f"papers, {kind}...", flush=True)
            paper_rows[kind] = paper_runs(kind, s3_env, args.runs, args.pages)
            print(f"pipeline, {kind}...", flush=True)
            pipeline_rows[kind] = pipeline_run(kind, s3_env, clips, args.recordings)
    write(paper_rows, pipeline_rows, ops, args, load_before, time.monotonic() - started)


def ops_table(ops: dict[str, dict[str, float]]) -> str:
    lines = [
        "**One request** (median ms of 30; one minute of phone audio, 960 KB):",
        "",
        "| store | put (atomic) | get (checked) | exists |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, row in ops.items():
        lines.append(f"| {kind} | {row['put']:.1f} | {row['get']:.1f} | {row['exists']:.1f} |")
    return "\n".join(lines)


def write(paper_rows, pipeline_rows, ops, args, load_before: float, seconds: float) -> None:
    lines = header("Object storage beside the data folder", "bench_storage.py")
    lines += [
        load_note(load_before, load_average()),
        "",
        "The S3 store is moto's S3 server on the same machine, so this is the cost of the seam "
        "(HTTP, request signing, the upload-then-copy of every put, reading objects back to check "
        "their sha256), not of a network: with a real store add its round trip to each request. "
        f"The machine was shared with other engineers' test runs while this ran ({seconds:.0f} s).",
        "",
        f"**New paper to first playable section** (a {args.pages}-page PDF, median of "
        f"{args.runs} run(s), "
        "seconds from the start of add_paper; a real `voice-app worker` renders):",
        "",
        "| store | add_paper committed | first section playable | paper ready (normal speed) "
        "| all five speeds |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, runs in paper_rows.items():
        cells = [
            statistics.median(run[key] for run in runs)
            for key in ("add_paper", "first_playable", "ready", "all_speeds")
        ]
        lines.append(f"| {kind} | " + " | ".join(f"{cell:.2f}" for cell in cells) + " |")
    lines += [
        "",
        ops_table(ops),
        "",
        f"**Recordings pipeline** ({args.recordings} recording callbacks at once; one PocketSphinx "
        "`voice-app worker` downloads from the fake Twilio media server, stores, transcribes and "
        "deletes Twilio's copy; SQLite):",
        "",
        "| store | recordings | drained s | recordings/min | median wait s | max wait s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, row in pipeline_rows.items():
        lines.append(
            f"| {kind} | {row['done']} | {row['drained']:.1f} | "
            f"{row['done'] / row['drained'] * 60:.1f} | {row['median']:.1f} | {row['max']:.1f} |"
        )
    out = ROOT / "benchmarks" / "results" / "storage.md"
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
