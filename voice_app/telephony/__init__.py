"""The lower Twilio edge: request signatures, input cleaning, the REST client and recording media.

`phone/`, `outreach/`, `live/` and `recordings/` import it; it imports none of them
(see docs/architecture.md).
"""
