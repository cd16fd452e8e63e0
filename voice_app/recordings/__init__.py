"""Spoken comments and shopping-list items: captured from Twilio, stored, transcribed offline.

The order of events is Twilio's to choose: the <Record> action and the recording status callback
can arrive in either order, more than once, or (for a caller who hangs up) only the callback.
Every path goes through `capture.capture_recording`, which is idempotent on the RecordingSid, so
whichever arrives first makes the rows and the rest change nothing.
"""
