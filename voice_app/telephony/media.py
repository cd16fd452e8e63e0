"""Twilio's recording media: fetch a recording's audio and delete Twilio's copy, with the account's
credentials. Every failure is a MediaError, worth trying again later."""

from __future__ import annotations

import requests

CONNECT_TIMEOUT_SECONDS = 10


class MediaError(Exception):
    """Twilio's media API did not give us what we asked for; worth trying again later."""


def _auth(account_sid: str | None, auth_token: str | None) -> tuple[str, str]:
    if not account_sid or not auth_token:
        raise MediaError("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to fetch recordings")
    return account_sid, auth_token


def fetch(
    url: str, account_sid: str | None, auth_token: str | None, timeout: float
) -> requests.Response:
    """GET a media URL as a stream (the caller closes it); only a 200 is returned."""
    try:
        response = requests.get(
            url,
            auth=_auth(account_sid, auth_token),
            timeout=(CONNECT_TIMEOUT_SECONDS, timeout),
            stream=True,
        )
    except requests.RequestException as exc:
        raise MediaError(f"could not fetch {url}: {type(exc).__name__}") from None
    if response.status_code != 200:
        response.close()
        raise MediaError(f"Twilio answered {response.status_code} for {url}")
    return response


def delete(url: str, account_sid: str | None, auth_token: str | None, timeout: float) -> None:
    """DELETE a media resource; Twilio's 404 means it is already gone."""
    try:
        response = requests.delete(
            url, auth=_auth(account_sid, auth_token), timeout=(CONNECT_TIMEOUT_SECONDS, timeout)
        )
    except requests.RequestException as exc:
        raise MediaError(f"could not delete {url}: {type(exc).__name__}") from None
    if response.status_code not in (200, 204, 404):
        raise MediaError(f"Twilio answered {response.status_code} to deleting {url}")
