"""How often a test's HTTP server looks whether it has been told to stop.

socketserver looks every 0.5 s by default, and `shutdown()` waits for that look: every test
that started a server paid up to half a second at its end (about 70 s a CI run, all waiting)."""

POLL_SECONDS = 0.02
