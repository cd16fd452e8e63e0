"""A stand-in for Twilio's recording storage, on 127.0.0.1, for the call simulator.

It serves `<RecordingUrl>.wav` (with HTTP basic auth when credentials are given) and answers
`DELETE <RecordingUrl>.json` the way Twilio's REST API does, so the app's download-then-delete
path runs for real without a Twilio account.
"""

from __future__ import annotations

import base64
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

API_VERSION = "2010-04-01"


class RecordingServer:
    def __init__(self, account_sid: str, auth_token: str | None = None):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.files: dict[str, Path] = {}
        self.deleted: set[str] = set()
        self.downloads: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )  # close() waits for the next look: socketserver's 0.5 s default held every hang-up
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/{API_VERSION}/Accounts/{self.account_sid}/Recordings"

    def add(self, wav_path: Path) -> tuple[str, str]:
        """Offer one WAV file; returns its RecordingSid and RecordingUrl (without extension)."""
        sid = "RE" + secrets.token_hex(16)
        self.files[sid] = Path(wav_path)
        return sid, f"{self.base_url}/{sid}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _authorised(self, header: str | None) -> bool:
        if not self.auth_token:
            return True
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _sid(self, extension: str) -> str | None:
                name = self.path.rsplit("/", 1)[-1]
                sid = name.removesuffix(extension)
                return sid if name.endswith(extension) and sid in server.files else None

            def _refuse(self, code: int) -> None:
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                sid = self._sid(".wav")
                if not self._authorised():
                    return self._refuse(401)
                if sid is None or sid in server.deleted:
                    return self._refuse(404)
                data = server.files[sid].read_bytes()
                server.downloads.append(sid)
                self.send_response(200)
                self.send_header("Content-Type", "audio/x-wav")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_DELETE(self) -> None:  # noqa: N802
                sid = self._sid(".json")
                if not self._authorised():
                    return self._refuse(401)
                if sid is None or sid in server.deleted:
                    return self._refuse(404)
                server.deleted.add(sid)
                self._refuse(204)

            def _authorised(self) -> bool:
                return server._authorised(self.headers.get("Authorization"))

            def log_message(self, *args: object) -> None:
                pass

        return Handler
