"""A bare Flask app answering every POST with one fixed TwiML string: the floor to compare with."""

from flask import Flask, Response

FIXED = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/voice/menu/main" '
    'input="dtmf speech" numDigits="1" timeout="8" actionOnEmptyResult="true">'
    "<Say>Press 1 for papers.</Say></Gather></Response>"
)

app = Flask(__name__)


@app.post("/", defaults={"path": ""})
@app.post("/<path:path>")
def fixed(path: str) -> Response:
    return Response(FIXED, mimetype="text/xml")


@app.get("/healthz")
def healthz() -> str:
    return "ok"
