"""`make bench-load`: a 200-person workshop against the real app under gunicorn, on loopback.

For each backend (SQLite; and PostgreSQL with two app instances when DATABASE_URL points
at one), in one run against the same servers:
  1. workshop: participants join by code within 30 s, take the quiz, 40 self-assess, the
     trainer's live page is polled every 5 s;
  2. floor: /healthz back to back at the same concurrency;
  3. capacity: quiz answers posted back to back at the same concurrency;
then prints each step's figures, checks the targets and checks the database holds every
answer that was accepted exactly once. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.domain.content import load_library
from drive import journeys, ledger, seed
from drive.appserver import (
    BIN,
    ROOT,
    AppServer,
    app_environment,
    fresh_database,
)
from drive.client import Browser

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WARM_UP_PEOPLE = 8
# Targets on the 2-core machine (issue 8).
P95_TARGET_MS = 300
FLOOR_RATIO_TARGET = 0.25


@dataclass
class Step:
    phase: str
    name: str
    requests: int
    failures: int
    median: float
    p95: float
    p99: float
    rps: float
    steady_rps: float

    @classmethod
    def from_locust(cls, phase: str, entry: dict, seconds: float) -> Step:
        times = sorted((int(ms), n) for ms, n in entry["response_times"].items())
        per_second = sorted(entry["num_reqs_per_sec"].items())
        # Throughput in full seconds: the first and last are partly spent starting and stopping.
        steady = [n for _, n in per_second[1:-1]] or [n for _, n in per_second]
        return cls(
            phase=phase,
            name=entry["name"],
            requests=entry["num_requests"],
            failures=entry["num_failures"],
            median=percentile(times, 0.50),
            p95=percentile(times, 0.95),
            p99=percentile(times, 0.99),
            rps=entry["num_requests"] / seconds if seconds > 0 else 0.0,
            steady_rps=sum(steady) / len(steady) if steady else 0.0,
        )

    @property
    def is_participant_step(self) -> bool:
        return self.phase == "workshop" and not self.name.startswith("trainer")


def percentile(times: list[tuple[int, int]], fraction: float) -> float:
    """The response time (ms) under which `fraction` of the requests finished."""
    total = sum(n for _, n in times)
    seen = 0
    for ms, n in times:
        seen += n
        if seen >= fraction * total:
            return ms
    return 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--assessors", type=int, default=40)
    parser.add_argument("--join-window", type=float, default=30, help="seconds to join in")
    parser.add_argument("--think", default="1,4", help="a person's pause between pages (s)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (SQLite)")
    parser.add_argument(
        "--instance-workers", type=int, default=2, help="gunicorn workers of each PostgreSQL app"
    )
    parser.add_argument(
        "--backends", type=lambda text: text.split(","), default=["sqlite", "postgresql"]
    )
    parser.add_argument("--phase-seconds", type=int, default=20, help="floor and capacity")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder")
    parser.add_argument(
        "--phases", type=lambda text: text.split(","), default=["workshop", "floor", "capacity"]
    )
    parser.add_argument("--access-log", action="store_true", help="log each request's time")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    backends = []
    if "sqlite" in args.backends:
        backends.append(("SQLite, one instance", None, 1, args.workers))
    server_url = os.environ.get("DATABASE_URL", "")
    on_postgres = server_url.startswith(("postgres://", "postgresql"))
    if "postgresql" in args.backends and on_postgres:
        # A new database on that server, two app instances sharing it and Redis.
        backends.append(("PostgreSQL, two instances", server_url, 2, args.instance_workers))
    elif "postgresql" in args.backends:
        print("DATABASE_URL is not a PostgreSQL URL, so no PostgreSQL run.\n")
    print(machine_summary())
    all_met = True
    for title, url, instances, workers in backends:
        all_met &= run_backend(args, title, url, instances, workers)
    return 0 if all_met else 1


def machine_summary() -> str:
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"Machine: {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB memory"


def run_backend(args, title: str, server_url: str | None, instances: int, workers: int) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        with fresh_database(workdir, server_url) as database_url:
            settings = {}
            if instances > 1:
                redis = os.environ.get("BENCH_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
                settings["RATELIMIT_STORAGE_URI"] = redis
            env = app_environment(database_url, workdir, **settings)
            account = seed.prepare_database(database_url)
            servers = [
                AppServer(env, workdir / f"app-{n}.log", workers, access_log=args.access_log)
                for n in range(instances)
            ]
            print(f"\n=== {title}: {instances} x gunicorn --workers {workers}, {args.participants}")
            print(f"    participants; database {database_url.split('@')[-1]}; folder {workdir}")
            try:
                for server in servers:
                    server.start()
                hosts = [server.url for server in servers]
                steps = run_phases(args, workdir, hosts, account, database_url)
            finally:
                for server in servers:
                    server.stop()
            joined = workdir / "joined-seconds.txt"
            joined_in = float(joined.read_text()) if joined.exists() else None
            report = print_steps(steps, joined_in, args.join_window)
            stored_ok = check_database(database_url, workdir)
            return report and stored_ok
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run_phases(args, workdir, hosts, account: seed.TrainerAccount, database_url) -> list[Step]:
    trainer = seed.signed_in(hosts[0], account)
    warm_up(trainer, hosts, workdir, database_url)
    workshop = seed.open_workshop(trainer, database_url, "Load test")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BENCH_HOSTS": ",".join(hosts),
        "BENCH_OUT": str(workdir),
        "BENCH_CODE": workshop.code,
        "BENCH_QUIZ": seed.QUIZ_ID,
        "BENCH_PARTICIPANTS": str(args.participants),
        "BENCH_ASSESSORS": str(args.assessors),
        "BENCH_THINK": args.think,
        "BENCH_JOIN_WINDOW": str(args.join_window),
        "BENCH_TRAINER_EMAIL": account.email,
        "BENCH_TRAINER_PASSWORD": account.password,
        "BENCH_LIVE_PATH": workshop.live_path,
    }
    users = args.participants
    # Everyone joins within the window (a little inside it, so the last have time to load).
    join_rate = users / max(1.0, args.join_window - 5)
    seconds = args.phase_seconds
    phases = {
        "workshop": (["Participant", "Trainer"], users + 1, join_rate, 600),
        "floor": (["Floor"], users, users, seconds),
        "capacity": (["AnswerCapacity"], users, users, seconds),
    }
    return [step for phase in args.phases for step in run_locust(phase, *phases[phase], env)]


def warm_up(trainer: Browser, hosts: list[str], workdir: Path, database_url: str) -> None:
    """A few people through every page first, in a session of their own, so the workers
    have compiled their templates (a server that has been up a while has)."""
    workshop = seed.open_workshop(trainer, database_url, "Warm-up")
    path = workdir / "answers-warm-up.jsonl"

    def record(answer: journeys.Answer) -> None:
        ledger.append(path, answer)

    for number in range(WARM_UP_PEOPLE):
        person = Browser(hosts[number % len(hosts)])
        page = journeys.join_by_code(person, workshop.code, number)
        journeys.take_quiz(person, journeys.quiz_start(person, page), record)
        journeys.self_assess(person, page, record)
        trainer.get(workshop.live_path)


def run_locust(phase, classes, users, rate, seconds, env) -> list[Step]:
    """One headless locust run; its final figures come from --json-file (written at exit)."""
    prefix = Path(env["BENCH_OUT"]) / phase
    command = [
        *(str(BIN / "locust"), "--locustfile", str(LOCUSTFILE), "--headless", "--only-summary"),
        *("--users", str(users), "--spawn-rate", f"{rate:.2f}", "--run-time", f"{seconds}s"),
        *("--stop-timeout", "10", "--json-file", str(prefix), *classes),
    ]
    busy = ", ".join(f"{load:.1f}" for load in os.getloadavg())
    print(f"  {phase}: {users} users (machine load average before: {busy}) ...", flush=True)
    with prefix.with_suffix(".log").open("w") as log:
        subprocess.run(  # noqa: S603 (locust from this venv, fixed arguments)
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False
        )
    entries = json.loads(prefix.with_suffix(".json").read_text())
    # Requests per second over the whole phase, from its first request to its last.
    seconds = max(e["last_request_timestamp"] or 0 for e in entries) - min(
        e["start_time"] for e in entries
    )
    return [Step.from_locust(phase, entry, seconds) for entry in entries]


def print_steps(steps: list[Step], joined_in: float | None, join_window: float) -> bool:
    """The figures of each step a person or the trainer takes, and of the two throughput
    measurements; then whether each target is met."""
    shown = [s for s in steps if s.phase == "workshop" or s.name.startswith(("floor", "capacity"))]
    print(
        f"\n  {'step':<42}{'requests':>9}{'failed':>7}{'median':>8}{'p95':>7}{'p99':>7}{'req/s':>8}"
    )
    for step in shown:
        print(
            f"  {step.phase + ' / ' + step.name:<42.42}{step.requests:>9}{step.failures:>7}"
            f"{step.median:>6.0f}ms{step.p95:>5.0f}ms{step.p99:>5.0f}ms{step.rps:>8.1f}"
        )
    by_name = {step.name: step.steady_rps for step in steps}
    floor = by_name.get("floor: GET /healthz", 0.0)
    answers = by_name.get("capacity: answer POST", 0.0)
    ratio = answers / floor if floor else 0.0
    print(f"\n  quiz-answer POSTs / floor: {answers:.0f} / {floor:.0f} a second = {ratio:.0%}")
    failures = sum(step.failures for step in steps)
    slow = [s.name for s in steps if s.is_participant_step and s.p95 >= P95_TARGET_MS]
    checks = [
        (
            joined_in is not None and joined_in <= join_window,
            f"everyone joined in {joined_in} s (target {join_window:.0f} s)",
        ),
        (failures == 0, f"failed requests: {failures} (target 0)"),
        (not slow, f"participant steps with p95 >= {P95_TARGET_MS} ms: {', '.join(slow) or 0}"),
        (ratio >= FLOOR_RATIO_TARGET, f"answers {ratio:.0%} of the floor (target >= 25%)"),
    ]
    for met, text in checks:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    return all(met for met, _ in checks)


def check_database(database_url: str, workdir: Path) -> bool:
    """Every answer a participant saw accepted is stored exactly once, with its value."""
    content = load_library(Path(os.environ.get("CONTENT_DIR", ROOT / "quizzes")))
    result = ledger.reconcile(database_url, ledger.read_accepted(workdir), content)
    print(f"\n  database check: {result}")
    print(f"  [{'met' if result.ok else 'MISSED'}] every accepted answer stored exactly once")
    return result.ok


if __name__ == "__main__":
    sys.exit(main())
