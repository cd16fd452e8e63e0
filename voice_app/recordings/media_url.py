"""Where a recording's media lives at Twilio: built from its SID, never taken from a callback.

A signed callback's RecordingUrl could name any host; fetching it would send the account's
credentials there. So the address is always Twilio's API host (or TWILIO_API_BASE_URL's), on the
account's own `/2010-04-01/Accounts/AC.../Recordings/RE...` path, and requests to it never follow
redirects. Kept small and self-contained so it can move into the Twilio edge module whole.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ACCOUNT_SID = re.compile(r"AC[0-9a-fA-F]{32}")
RECORDING_SID = re.compile(r"RE[0-9a-fA-F]{32}")
MEDIA_SUFFIXES = (".wav", ".mp3", ".json")


class BadMediaReference(ValueError):
    """The SIDs or the API base cannot make a safe Twilio address; trying again will not help."""


def recording_media_url(
    api_base_url: str, account_sid: str, recording_sid: str, suffix: str
) -> str:
    """`{api base}/2010-04-01/Accounts/{account}/Recordings/{recording}{suffix}`, checked."""
    if not ACCOUNT_SID.fullmatch(account_sid or ""):
        raise BadMediaReference("TWILIO_ACCOUNT_SID is not an account SID (AC and 32 hex digits)")
    if not RECORDING_SID.fullmatch(recording_sid or ""):
        raise BadMediaReference(f"{recording_sid!r} is not a recording SID (RE and 32 hex digits)")
    if suffix not in MEDIA_SUFFIXES:
        raise BadMediaReference(f"{suffix!r} is not a media format Twilio serves")
    base = urlsplit(api_base_url or "")
    if base.scheme not in ("http", "https") or not base.hostname or base.username or base.query:
        raise BadMediaReference("TWILIO_API_BASE_URL is not an http(s) address")
    root = f"{base.scheme}://{base.netloc}{base.path.rstrip('/')}"
    return f"{root}/2010-04-01/Accounts/{account_sid}/Recordings/{recording_sid}{suffix}"
