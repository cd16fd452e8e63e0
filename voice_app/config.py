"""Settings from the environment, with safe defaults for one machine (docs/interface.md)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"  # package data, as voice_app/prompts
DEMO_TOKEN_FILE = "demo_twilio_auth_token"


def _secret_key(data_dir: Path) -> str:
    """SECRET_KEY, else one made once and kept in the data dir, so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _demo_token(data_dir: Path) -> str | None:
    """The token `voice-app demo` made, so the simulator can sign calls with no Twilio account."""
    token_file = data_dir / DEMO_TOKEN_FILE
    return token_file.read_text().strip() if token_file.exists() else None


def _yes(value: str) -> bool:
    return value.strip().lower() not in ("0", "false", "no", "off")


def _default_vosk_model(models_dir: Path) -> str | None:
    if not models_dir.is_dir():
        return None
    for child in sorted(models_dir.iterdir()):
        if child.is_dir() and ((child / "am").exists() or (child / "conf").exists()):
            return str(child)
    return None


@dataclass
class Settings:
    """Everything configurable, read once from the environment."""

    data_dir: Path
    database_url: str
    public_base_url: str
    twilio_auth_token: str | None
    twilio_account_sid: str | None
    twilio_api_base_url: str
    secret_key: str
    models_dir: Path
    vosk_model_path: str | None
    prompts_dir: Path
    recording_download_timeout: float = 30.0  # seconds before a download is abandoned, retried
    delete_twilio_recordings: bool = True  # Twilio's copy, once ours is stored safely
    job_lease_seconds: float | None = None  # None: the queue's DEFAULT_LEASE
    web_concurrency: int = 2  # gunicorn worker processes for `voice-app serve`

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "papers"

    @property
    def tts_cache_dir(self) -> Path:
        return self.data_dir / "tts-cache"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get("VOICE_APP_DATA_DIR", "instance")).resolve()
        models_dir = Path(env.get("VOICE_APP_MODELS_DIR", PROJECT_ROOT / "models")).resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'voice_app.sqlite3'}"
        if database_url.startswith("postgres://"):  # Heroku-style URLs
            database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
        elif database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            public_base_url=env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN") or _demo_token(data_dir),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL", "https://api.twilio.com").rstrip(
                "/"
            ),
            secret_key=env.get("SECRET_KEY") or "",
            models_dir=models_dir,
            vosk_model_path=env.get("VOSK_MODEL_PATH") or _default_vosk_model(models_dir),
            prompts_dir=Path(env.get("VOICE_APP_PROMPTS_DIR", PROMPTS_DIR)),
            recording_download_timeout=float(env.get("VOICE_APP_RECORDING_DOWNLOAD_TIMEOUT") or 30),
            delete_twilio_recordings=_yes(env.get("VOICE_APP_DELETE_TWILIO_RECORDINGS", "1")),
            job_lease_seconds=float(env["VOICE_APP_JOB_LEASE_SECONDS"])
            if env.get("VOICE_APP_JOB_LEASE_SECONDS")
            else None,
            web_concurrency=int(env.get("WEB_CONCURRENCY") or 2),
        )

    def flask_config(self) -> dict:
        """The Flask config mapping these settings produce."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return {
            "SETTINGS": self,
            "SECRET_KEY": self.secret_key or _secret_key(self.data_dir),
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.public_base_url.startswith("https://"),
            "REMEMBER_COOKIE_HTTPONLY": True,
            "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        }
