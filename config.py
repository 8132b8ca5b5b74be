"""Configuration classes. Every setting comes from the environment; see README "Settings"."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_secret_key() -> str:
    """Generate a key once and keep it in instance/, so sessions survive restarts."""
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    ENV_NAME = "development"
    SERVICE_NAME = "Involvement Ladder"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DATABASE_URL = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'involvement-ladder.db'}"
    )
    # Where quiz and assessment content lives.
    CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "quizzes"))
    # Chart images in PDFs are exported by kaleido with this Chromium.
    CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    # Storage for sign-in rate limits: memory:// for one instance, redis://host:6379 for several.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(256 * 1024)))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    WTF_CSRF_TIME_LIMIT = int(os.environ.get("WTF_CSRF_TIME_LIMIT", str(8 * 3600)))
    DEMO_DATA = _env_bool("DEMO_DATA", True)
    # Sent responses a closed round needs before its results show; never fewer than 3.
    RESULTS_MIN_RESPONSES = int(os.environ.get("RESULTS_MIN_RESPONSES", "3"))
    # Members starting self-assessment responses from one address; a room behind one
    # network address starts one each, so this only stops a flood.
    RESPONSE_START_LIMIT = os.environ.get("RESPONSE_START_LIMIT", "60 per minute;600 per hour")
    TESTING = False

    @classmethod
    def init(cls) -> dict:
        """Return the settings as a dict, filling in what depends on the environment."""
        settings = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        if not settings["SECRET_KEY"]:
            settings["SECRET_KEY"] = _development_secret_key()
        return settings


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    DEMO_DATA = _env_bool("DEMO_DATA", False)

    @classmethod
    def init(cls) -> dict:
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError(
                "SECRET_KEY is not set. In production the app will not start without it: "
                'set SECRET_KEY to a long random value, e.g. python -c "import secrets; '
                'print(secrets.token_hex(32))"'
            )
        settings = super().init()
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
        return settings


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105  (tests only)
    DEMO_DATA = False
    RATELIMIT_STORAGE_URI = "memory://"


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "test": TestConfig,
}


def config_for(name: str | None = None) -> dict:
    """Settings for APP_ENV (development by default)."""
    name = name or os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}; got {name!r}")
    return CONFIGS[name].init()
