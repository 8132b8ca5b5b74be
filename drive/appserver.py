"""Run the real app on loopback for load and fault runs: a fresh database, migrations, gunicorn.

Used by `make bench-load` (run.py) and by tests/faults/. Nothing here reaches beyond
127.0.0.1: the app is served on a free loopback port and talks to a local database.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import normalise_url

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Time, worker pid, request, status and duration in microseconds: enough to find slow spots.
ACCESS_LOG = '%(t)s %(p)s "%(r)s" %(s)s %(D)s'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def fresh_database(workdir: Path, server_url: str | None = None) -> Iterator[str]:
    """An empty database: a SQLite file in workdir, or a new database on server_url's PostgreSQL.

    A PostgreSQL database is created for the run and dropped after it, so the database
    that server_url names is never touched.
    """
    if not server_url or normalise_url(server_url).startswith("sqlite"):
        yield f"sqlite:///{workdir / 'app.db'}"
        return
    url = make_url(normalise_url(server_url))
    name = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_environment(database_url: str, instance_dir: Path, **settings: str) -> dict[str, str]:
    """Production settings on loopback: a real secret key, plain-HTTP cookies, no demo data."""
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "SESSION_COOKIE_SECURE": "0",
        "DEMO_DATA": "0",
        "INSTANCE_PATH": str(instance_dir),
        "DATABASE_URL": database_url,
        # As behind a proxy that adds X-Forwarded-For (the capacity phase sends one).
        "TRUSTED_PROXIES": "1",
        "TRUSTED_HOSTS": "127.0.0.1",
        "ACCESSIBILITY_CONTACT_EMAIL": "accessibility@example.org",
    }
    env.update(settings)
    return env


class AppServer:
    """The app under gunicorn on a free loopback port, with its log in log_path."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        workers=4,
        port=0,
        access_log=False,
        access_log_format: str | None = ACCESS_LOG,
    ) -> None:
        self.access_log = access_log
        self.access_log_format = access_log_format
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> AppServer:
        command = [
            str(BIN / "gunicorn"),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--graceful-timeout",
            "5",
            *(("--access-logfile", "-") if self.access_log else ()),
            *(
                ("--access-logformat", self.access_log_format)
                if self.access_log and self.access_log_format
                else ()
            ),
            "wsgi:app",
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.wait_until_healthy(timeout)
        return self

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            if self.answers_health():
                return
            time.sleep(0.2)
        raise RuntimeError(f"no answer from /healthz within {timeout} s; see {self.log_path}")

    def answers_health(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        """The gunicorn workers' process ids (children of the master)."""
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


class JobWorker:
    """The job worker as `make run` starts it: the Procfile's `worker:` command (run by
    honcho there), with the app's environment, its output in log_path."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @staticmethod
    def command() -> list[str]:
        for line in (ROOT / "Procfile").read_text().splitlines():
            if line.startswith("worker:"):
                words = shlex.split(os.path.expandvars(line.removeprefix("worker:")))
                # The Procfile names the project's .venv; use this interpreter's (the same
                # venv in the project, a copy elsewhere).
                first = Path(words[0])
                return [str(BIN / first.name) if first.parent.name == "bin" else words[0]] + words[
                    1:
                ]
        raise RuntimeError("The Procfile has no worker: line")

    def start(self, timeout: float = 60) -> JobWorker:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 (the Procfile's own command)
                self.command(), cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # it says where its queue is once it is up
            if self.process.poll() is not None:
                raise RuntimeError(f"the job worker exited; see {self.log_path}")
            if "Job worker:" in self.log_path.read_text(errors="replace"):
                return self
            time.sleep(0.2)
        raise RuntimeError(f"the job worker did not start within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # Huey's consumer stops on SIGINT
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
