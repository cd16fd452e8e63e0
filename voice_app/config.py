"""Settings from the environment, with safe defaults for one machine (docs/interface.md)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"  # package data, as voice_app/prompts
DEMO_TOKEN_FILE = "demo_twilio_auth_token"
MIN_SECRET_KEY_BYTES = 32
PRIVATE_UMASK = 0o077  # files 0600, folders 0700: PIN hashes, bank details, voices
# The largest paper accepted, from the web or the command line: every hint and error says this.
MAX_PAPER_MEGABYTES = 20
MAX_PAPER_BYTES = MAX_PAPER_MEGABYTES * 1024 * 1024
# A request may be a little bigger than its paper: the form's other fields and its envelope.
MAX_REQUEST_BYTES = MAX_PAPER_BYTES + 256 * 1024


class ConfigError(ValueError):
    """A setting that would leave the line unsafe; the app refuses to start with it."""


def _checked_key(key: str, source: str) -> str:
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise ConfigError(
            f"{source} is too short: it needs at least {MIN_SECRET_KEY_BYTES} bytes "
            "(make one with: python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return key


def make_private(data_dir: Path) -> None:
    """Files we write from now on are ours alone, and the data folder (with anything a looser
    umask left in it before) is tightened to 0700 folders and 0600 files."""
    os.umask(PRIVATE_UMASK)
    data_dir.mkdir(parents=True, exist_ok=True)
    for path in [data_dir, *data_dir.rglob("*")]:
        if path.is_symlink():
            continue
        try:
            path.chmod(0o700 if path.is_dir() else 0o600)
        except OSError:  # not ours (a shared mount): leave it, the umask still holds
            pass


def _secret_key(data_dir: Path) -> str:
    """SECRET_KEY, else one made once and kept in the data dir, so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return _checked_key(os.environ["SECRET_KEY"], "SECRET_KEY")
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return _checked_key(key_file.read_text().strip(), f"the key in {key_file}")
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _demo_token(data_dir: Path, demo: bool) -> str | None:
    """The token `voice-app demo` made, so the simulator can sign calls with no Twilio account;
    only in demo mode (VOICE_APP_DEMO=1), so a leftover file never opens a real line."""
    if not demo:
        return None
    token_file = data_dir / DEMO_TOKEN_FILE
    return token_file.read_text().strip() if token_file.exists() else None


def _default_vosk_model(models_dir: Path) -> str | None:
    if not models_dir.is_dir():
        return None
    for child in sorted(models_dir.iterdir()):
        if child.is_dir() and ((child / "am").exists() or (child / "conf").exists()):
            return str(child)
    return None


ASR_ENGINES = ("auto", "whisper", "vosk", "pocketsphinx")
# Read a new item back to the caller only at or above this transcript confidence: measured on
# real phone-band speech and on misheard speech in benchmarks/results/recognition.md.
DEFAULT_READBACK_CONFIDENCE = 0.65


def _asr_engine(env: dict[str, str]) -> str:
    engine = (env.get("VOICE_APP_ASR_ENGINE") or "auto").strip().lower()
    if engine not in ASR_ENGINES:
        raise ValueError(f"VOICE_APP_ASR_ENGINE={engine!r} is not one of {', '.join(ASR_ENGINES)}")
    return engine


def _switch(env: dict[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


def models_dir_from_env(env: dict[str, str] | None = None) -> Path:
    """./models, or VOICE_APP_MODELS_DIR: for the speech tools, which run without an app."""
    env = dict(os.environ if env is None else env)
    return Path(env.get("VOICE_APP_MODELS_DIR", PROJECT_ROOT / "models")).resolve()


def web_concurrency_from_env() -> int:
    """WEB_CONCURRENCY for `voice-app serve`'s default, read before any app is made."""
    return int(_number(dict(os.environ), "WEB_CONCURRENCY", 2, 1, 64))


def _number(env: dict[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if not low <= value <= high:
        raise ValueError(f"{name}={raw!r} must be between {low:g} and {high:g}")
    return value


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
    demo: bool = False
    storage_url: str = ""  # "" is the data folder; else file:///path or s3://bucket/prefix
    storage_timeout: float = 10.0
    recording_download_timeout: float = 30.0  # seconds before a download is abandoned and retried
    delete_twilio_recordings: bool = True  # Twilio's copy goes once ours is stored safely
    job_lease_seconds: float = 600.0  # a dead worker's job waits this long for another worker
    web_concurrency: int = 2  # gunicorn worker processes for `voice-app serve`
    # speech recognition (issue 12): which engine, and each engine's model
    asr_engine: str = "auto"
    whisper_model: str | None = None  # a catalogue name (tiny.en) or a folder; None: best installed
    whisper_threads: int = 0  # 0: both cores of the usual 2-core box
    pocketsphinx_model: str | None = None  # None: the en-us model inside the pocketsphinx wheel
    speech_hints: tuple[str, ...] = ()  # local places etc., added to the group's own words
    readback_confidence: float = DEFAULT_READBACK_CONFIDENCE

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
        demo = env.get("VOICE_APP_DEMO", "").strip().lower() in ("1", "true", "yes", "on")
        data_dir = Path(env.get("VOICE_APP_DATA_DIR", "instance")).resolve()
        models_dir = models_dir_from_env(env)
        database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'voice_app.sqlite3'}"
        if database_url.startswith("postgres://"):  # Heroku-style URLs
            database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
        elif database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            public_base_url=env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN") or _demo_token(data_dir, demo),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL", "https://api.twilio.com").rstrip(
                "/"
            ),
            secret_key=env.get("SECRET_KEY") or "",
            models_dir=models_dir,
            vosk_model_path=env.get("VOSK_MODEL_PATH") or _default_vosk_model(models_dir),
            prompts_dir=Path(env.get("VOICE_APP_PROMPTS_DIR", PROMPTS_DIR)),
            demo=demo,
            asr_engine=_asr_engine(env),
            whisper_model=env.get("VOICE_APP_WHISPER_MODEL") or None,
            whisper_threads=int(_number(env, "VOICE_APP_WHISPER_THREADS", 0, 0, 64)),
            pocketsphinx_model=env.get("VOICE_APP_POCKETSPHINX_MODEL") or None,
            speech_hints=tuple(
                h.strip() for h in env.get("VOICE_APP_SPEECH_HINTS", "").split(",") if h.strip()
            ),
            readback_confidence=_number(
                env, "VOICE_APP_READBACK_CONFIDENCE", DEFAULT_READBACK_CONFIDENCE, 0, 1
            ),
            storage_url=env.get("VOICE_APP_STORAGE_URL", "").strip(),
            storage_timeout=float(env.get("VOICE_APP_STORAGE_TIMEOUT") or 10),
            recording_download_timeout=_number(
                env, "VOICE_APP_RECORDING_DOWNLOAD_TIMEOUT", 30, 0.1, 3600
            ),
            delete_twilio_recordings=_switch(env, "VOICE_APP_DELETE_TWILIO_RECORDINGS", True),
            job_lease_seconds=_number(env, "VOICE_APP_JOB_LEASE_SECONDS", 600, 1, 7 * 86400),
            web_concurrency=int(_number(env, "WEB_CONCURRENCY", 2, 1, 64)),
        )

    def flask_config(self) -> dict:
        """The Flask config mapping these settings produce; ConfigError for an unsafe one."""
        make_private(self.data_dir)
        key = self.secret_key or _secret_key(self.data_dir)
        return {
            "SETTINGS": self,
            "SECRET_KEY": _checked_key(key, "SECRET_KEY"),
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": self.public_base_url.startswith("https://"),
            "REMEMBER_COOKIE_HTTPONLY": True,
            "PERMANENT_SESSION_LIFETIME": 8 * 3600,  # idle: each request extends it
            "ABSOLUTE_SESSION_LIFETIME": timedelta(hours=12),  # from sign-in, however busy
        }
