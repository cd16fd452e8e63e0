"""The lower Twilio edge: request signatures, input cleaning, the REST client and recording media.

`phone/` and `outreach/` both import it; it imports neither (see docs/architecture.md).
"""
