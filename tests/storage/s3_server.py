"""A real S3 protocol server on 127.0.0.1 for the tests: moto's ThreadedMotoServer.

Why moto: it installs from PyPI with pip (`moto[server]`), needs no binary download, no Java and
no Docker, starts in a thread in well under a second, and speaks S3 over real HTTP, so boto3's
real client (signing, presigned URLs, copy, paging, errors) is exercised end to end. MinIO, the
usual choice elsewhere, ships only as a binary from its own site, which cannot be fetched here.
"""

from __future__ import annotations

import functools
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import boto3

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "voice-app-test",
    "AWS_SECRET_ACCESS_KEY": "voice-app-test-secret",
    "AWS_DEFAULT_REGION": "eu-west-2",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def s3_server() -> Iterator[dict[str, str]]:
    """Run the server; yield the AWS_* environment that points boto3 at it."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield {**CREDENTIALS, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    finally:
        server.stop()


@functools.cache
def _client(endpoint: str, region: str, key_id: str, secret: str):
    """One client a server (a new boto3 session and client took 0.14 s)."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
    )


def new_bucket(environment: dict[str, str]) -> str:
    """A fresh, empty bucket; its name."""
    name = f"voice-app-{uuid.uuid4().hex[:12]}"
    client = _client(
        environment["AWS_ENDPOINT_URL"],
        environment["AWS_DEFAULT_REGION"],
        environment["AWS_ACCESS_KEY_ID"],
        environment["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=name,
        CreateBucketConfiguration={"LocationConstraint": environment["AWS_DEFAULT_REGION"]},
    )
    return name
