"""Configuration classes. Every setting comes from the environment; see README "Settings"."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
# A key shorter than this is guessable offline from one signed cookie (production refuses it).
MIN_SECRET_KEY_BYTES = 32
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    """A comma-separated setting as a list ("a, b" -> ["a", "b"]); unset -> []."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _host_of(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


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
    # Each gunicorn worker and job worker starts its Chromium as it starts, not when the
    # first PDF is asked for (about 300 MB each).
    CHARTS_START_WITH_WORKER = _env_bool("CHARTS_START_WITH_WORKER", True)
    # Where rate limits are counted: a SQLite file that every gunicorn worker on this machine
    # shares (app/ratelimit_storage.py), or redis://host:6379 for several machines.
    RATELIMIT_STORAGE_URI = os.environ.get(
        "RATELIMIT_STORAGE_URI", f"sqlite:///{INSTANCE_DIR / 'rate-limits.db'}"
    )
    # Proxies in front of the app that add X-Forwarded-For/-Proto (0: none, the client's own
    # address is used and the headers are ignored, since anyone can send them).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    # Links and QR codes are built from BASE_URL when set (e.g. https://ladder.example.nhs.uk);
    # otherwise from the request's Host, which must then be one of TRUSTED_HOSTS.
    BASE_URL = os.environ.get("BASE_URL") or None
    TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS") or (
        [_host_of(BASE_URL)] if BASE_URL else ["localhost", "127.0.0.1"]
    )
    # A trainer signs in again after this long, whatever they do in between.
    TRAINER_SESSION_HOURS = float(os.environ.get("TRAINER_SESSION_HOURS", "12"))
    # A team's join code stops working after this many days without activity.
    PROJECT_CODE_IDLE_DAYS = int(os.environ.get("PROJECT_CODE_IDLE_DAYS", "90"))
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
    HSTS_MAX_AGE = 0  # no Strict-Transport-Security header outside production
    # Where people report accessibility problems and ask for reports in another format (the
    # accessibility statement, which the law requires to name a contact and a reply time).
    ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
        "ACCESSIBILITY_CONTACT_EMAIL", "accessibility@example.org"
    )
    ACCESSIBILITY_RESPONSE_DAYS = int(os.environ.get("ACCESSIBILITY_RESPONSE_DAYS", "10"))
    # Report jobs (app/jobs): the queue is a SQLite file in the instance folder unless
    # REDIS_URL is set (several app instances then share one queue on Redis).
    REDIS_URL = os.environ.get("REDIS_URL") or None
    JOBS_DATABASE = os.environ.get("JOBS_DATABASE", str(INSTANCE_DIR / "jobs.db"))
    # The queue's name: app instances (and their workers) with the same name share it.
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "involvement-ladder")
    # Run jobs inside the request that asks for them, with no worker (tests only).
    JOBS_IMMEDIATE = False
    # Where prepared reports are kept, and for how long after they are ready.
    REPORTS_DIR = os.environ.get("REPORTS_DIR", str(INSTANCE_DIR / "reports"))
    REPORT_KEEP_MINUTES = float(os.environ.get("REPORT_KEEP_MINUTES", "60"))
    # How often the phones, projector and controls of a paced quiz ask whether the room has
    # moved on: every phone learns of the next question within 3 s of the trainer's press.
    ROOM_POLL_SECONDS = float(os.environ.get("ROOM_POLL_SECONDS", "2"))
    # How often a report's page asks again while the report is prepared (it also has a
    # link to stop that: WCAG 2.2.1 Timing Adjustable).
    REPORT_REFRESH_SECONDS = int(os.environ.get("REPORT_REFRESH_SECONDS", "5"))
    # A job with no sign of life for this long (its worker died) stops counting as "in
    # progress": its page says so and offers to try again.
    REPORT_STALE_MINUTES = float(os.environ.get("REPORT_STALE_MINUTES", "10"))
    # Processes a job worker lays out a ZIP's team reports in, at once (reports/processes.py).
    REPORT_PROCESSES = int(os.environ.get("REPORT_PROCESSES", str(min(2, os.cpu_count() or 1))))
    # How much lower the job worker's CPU priority is than the web workers' (os.nice; 0 to
    # leave it as started): reports wait, pages do not.
    JOBS_NICE = int(os.environ.get("JOBS_NICE", "10"))
    # PDFs a web worker builds at once (one team's report, a quiz summary); others wait up
    # to PDF_WAIT_SECONDS for a turn, then get the "try again" page (503, Retry-After).
    PDF_BUILDS_PER_WORKER = int(os.environ.get("PDF_BUILDS_PER_WORKER", "1"))
    PDF_WAIT_SECONDS = float(os.environ.get("PDF_WAIT_SECONDS", "10"))
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
    # Browsers keep to HTTPS for a year after one visit (max-age in seconds).
    HSTS_MAX_AGE = 365 * 24 * 3600

    @classmethod
    def init(cls) -> dict:
        key = os.environ.get("SECRET_KEY", "")
        if len(key.encode()) < MIN_SECRET_KEY_BYTES:
            problem = "is not set" if not key else f"is shorter than {MIN_SECRET_KEY_BYTES} bytes"
            raise RuntimeError(
                f"SECRET_KEY {problem}. In production the app will not start without a long "
                'random key, e.g. python -c "import secrets; print(secrets.token_hex(32))"'
            )
        # Read now, not at import, like SECRET_KEY: the environment is the production one.
        base_url = os.environ.get("BASE_URL") or None
        hosts = _env_list("TRUSTED_HOSTS") or ([_host_of(base_url)] if base_url else [])
        if not hosts:
            raise RuntimeError(
                "Set BASE_URL (e.g. https://ladder.example.nhs.uk) or TRUSTED_HOSTS: in "
                "production links and QR codes must not follow whatever Host a request names."
            )
        contact = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "").strip()
        if not contact:
            raise RuntimeError(
                "Set ACCESSIBILITY_CONTACT_EMAIL: the accessibility statement must give people "
                "a real address to report problems to."
            )
        settings = super().init()
        settings.update(
            SECRET_KEY=key,
            BASE_URL=base_url,
            TRUSTED_HOSTS=hosts,
            ACCESSIBILITY_CONTACT_EMAIL=contact,
        )
        return settings


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105  (tests only)
    DEMO_DATA = False
    RATELIMIT_STORAGE_URI = "memory://"
    TRUSTED_PROXIES = 0
    BASE_URL = None
    TRUSTED_HOSTS = None  # the test client's Host is "localhost"; tests set their own
    JOBS_IMMEDIATE = True  # tests run report jobs in-process unless they ask for a queue
    REPORT_PROCESSES = 1  # one test asks for more (tests/test_report_jobs.py)
    REDIS_URL = None

    @classmethod
    def init(cls) -> dict:
        settings = super().init()
        # Prepared reports go to a folder of this test process's own (made when first
        # used), never instance/.
        folder = Path(tempfile.gettempdir()) / f"ladder-test-reports-{os.getpid()}"
        settings["REPORTS_DIR"] = str(folder)
        return settings


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
