"""A developer's call simulator: dials the line over HTTP the way Twilio does (`voice-app call`).

Not on the product's request path: nothing in the app imports it except the CLI command.
"""
