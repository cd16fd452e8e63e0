"""Fixtures: the S3 protocol server (tests/storage/s3_server.py) and the app pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.storage.s3_server import new_bucket, s3_server
from voice_app.storage.s3 import forget_clients


@pytest.fixture(scope="session")
def s3_environment() -> Iterator[dict[str, str]]:
    with s3_server() as environment:
        forget_clients()  # the app's next boto3 session finds this server's credentials
        yield environment


@pytest.fixture
def s3_url(app, s3_environment, monkeypatch) -> str:
    """The app's store is a fresh bucket on the S3 server, under a prefix.

    The app's boto3 session is kept from test to test (a new one costs 0.14 s a test): its
    clients are kept by the store's URL, new each test, and the session keeps only the
    credentials, this server's. Tests that point boto3 elsewhere call forget_clients()
    themselves."""
    for name, value in s3_environment.items():
        monkeypatch.setenv(name, value)
    url = f"s3://{new_bucket(s3_environment)}/voice-app"
    monkeypatch.setattr(app.config["SETTINGS"], "storage_url", url)
    return url
