"""Fixtures for the live meeting rules: the fake Twilio server."""

from tests.fakes.twilio_server import fake_twilio  # noqa: F401  (a fixture)
