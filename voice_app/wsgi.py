"""The WSGI entry point for gunicorn: `gunicorn voice_app.wsgi:app`."""

from voice_app import create_app

app = create_app()
