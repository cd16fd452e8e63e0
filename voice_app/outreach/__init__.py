"""Reaching out to residents: free callbacks, papers-ready calls, reminders, confirmations, texts.

Taking part must cost residents nothing and must not depend on them remembering to call. The
worker's scheduler (scheduler.py) finds what is due and enqueues one `outreach_send` job per
message; sending.py places the call or text through Twilio's REST API, keeps a record of every
attempt and retries on the group's schedule.
"""

from voice_app.outreach.confirmations import confirm_attendance, confirm_payment
from voice_app.outreach.messages import recent_outbound

__all__ = ["confirm_attendance", "confirm_payment", "recent_outbound"]
