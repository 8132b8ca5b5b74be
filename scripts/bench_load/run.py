"""`make bench-load`: a 200-person workshop against the real app under gunicorn, on loopback.

For each backend (SQLite; and PostgreSQL with two app instances when DATABASE_URL points
at one), in one run against the same servers, three parts (`--only` picks some):
  workshop:
    1. workshop: participants join by code within 30 s, take the quiz, 40 self-assess, the
       trainer's live page is polled every 5 s;
    2. floor: /healthz back to back at the same concurrency;
    3. capacity: quiz answers posted back to back at the same concurrency;
  zips (issue 13): the same workshop in a new session while 3 trainers each prepare the
    ZIP of team reports of their own finished 30-team session (the job worker runs as
    `make run` runs it: the Procfile's command), then download it;
  paced (issue 17): 200 phones follow a paced room through the quiz's 5 questions,
    polling room.json as the page's script does, while the trainer moves the room on every
    10 s; then room.json's 304 answers back to back at the same concurrency (its floor);
then prints each step's figures, checks the targets and checks the database holds every
answer that was accepted exactly once. Exits 1 when a target is missed. `--quick` runs a
small room (30 people, 5-team ZIPs, moves every 5 s) to check the machinery works.
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

from sqlalchemy import create_engine, select

from app.domain.content import load_library
from app.models import ReportJob
from drive import journeys, ledger, seed
from drive.appserver import (
    BIN,
    ROOT,
    AppServer,
    JobWorker,
    app_environment,
    fresh_database,
)
from drive.client import Browser

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
WARM_UP_PEOPLE = 8
# Targets on the 2-core machine (issue 8).
P95_TARGET_MS = 300
FLOOR_RATIO_TARGET = 0.25
# Issue 13: participants' p95 while trainers' ZIPs are prepared.
ZIP_P95_TARGET_MS = 100
# Issue 17: phones see the next question within this many seconds (p95).
MOVE_SEEN_TARGET_S = 3.0
PARTS = ("workshop", "zips", "paced")
PARTICIPANT_STEPS = ("join:", "quiz:", "assessment:", "room:")
# --quick: a small room, to check the machinery works (not figures to quote).
QUICK = {
    "participants": 30,
    "assessors": 6,
    "join_window": 10,
    "phase_seconds": 5,
    "zip_teams": 5,
    "move_every": 5,
}


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
    per_second: dict[int, int]  # requests started in each second (Unix time)
    times: list[tuple[int, int]]  # (response time in ms, how many), locust's histogram

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
            per_second={int(t): n for t, n in per_second},
            times=times,
        )

    @property
    def is_participant_step(self) -> bool:
        return self.phase == "workshop" and self.name.startswith(PARTICIPANT_STEPS)


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
    parser.add_argument(
        "--only",
        type=lambda text: text.split(","),
        default=list(PARTS),
        help=f"the parts to run, comma-separated: {', '.join(PARTS)} (default: all)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a small room to check it works: " + str(QUICK)
    )
    parser.add_argument("--zip-trainers", type=int, default=3, help="trainers preparing ZIPs")
    parser.add_argument("--zip-teams", type=int, default=30, help="teams in each ZIP's session")
    parser.add_argument(
        "--move-every", type=float, default=10, help="seconds between the paced trainer's moves"
    )
    args = parser.parse_args()
    unknown = set(args.only) - set(PARTS)
    if unknown:
        parser.error(f"--only: no part called {', '.join(sorted(unknown))}")
    if args.quick:  # its sizes, except those given on the command line
        given = {word.split("=")[0] for word in sys.argv[1:] if word.startswith("--")}
        for name, value in QUICK.items():
            if "--" + name.replace("_", "-") not in given:
                setattr(args, name, value)
    return args


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
            zip_run = None
            if "zips" in args.only:
                # Trainers with a finished session each, written before the servers start.
                emails = [f"zips-{n}@bench.example" for n in range(1, args.zip_trainers + 1)]
                accounts = seed.create_trainers(database_url, emails)
                sessions = seed.sessions_with_results(database_url, accounts, args.zip_teams)
                zip_run = (accounts, sessions)
            servers = [
                AppServer(env, workdir / f"app-{n}.log", workers, access_log=args.access_log)
                for n in range(instances)
            ]
            worker = JobWorker(env, workdir / "job-worker.log") if zip_run else None
            print(f"\n=== {title}: {instances} x gunicorn --workers {workers}, {args.participants}")
            print(f"    participants; database {database_url.split('@')[-1]}; folder {workdir}")
            if worker:
                print(f"    job worker: {' '.join(worker.command())} (the Procfile's command)")
            try:
                for server in servers:
                    server.start()
                if worker:
                    worker.start()
                    said = worker.log_path.read_text(errors="replace").splitlines()
                    print("    " + next(line for line in said if line.startswith("Job worker:")))
                hosts = [server.url for server in servers]
                results = run_phases(args, workdir, hosts, account, database_url, zip_run)
            finally:
                if worker:
                    worker.stop()
                for server in servers:
                    server.stop()
            met = True
            if "workshop" in args.only:
                joined = workdir / "joined-seconds-workshop.txt"
                joined_in = float(joined.read_text()) if joined.exists() else None
                met &= print_steps(results["workshop"], joined_in, args.join_window)
            if "zips" in args.only:
                met &= print_zips(args, workdir, results, database_url)
            if "paced" in args.only:
                met &= print_paced(args, workdir, results)
            stored_ok = check_database(database_url, workdir)
            return met and stored_ok
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run_phases(args, workdir, hosts, account, database_url, zip_run) -> dict[str, list[Step]]:
    """Each part's phases, one after another against the same servers: its locust figures."""
    trainer = seed.signed_in(hosts[0], account)
    warm_up(trainer, hosts, workdir, database_url)
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BENCH_HOSTS": ",".join(hosts),
        "BENCH_OUT": str(workdir),
        "BENCH_QUIZ": seed.QUIZ_ID,
        "BENCH_PARTICIPANTS": str(args.participants),
        "BENCH_ASSESSORS": str(args.assessors),
        "BENCH_THINK": args.think,
        "BENCH_JOIN_WINDOW": str(args.join_window),
        "BENCH_TRAINER_EMAIL": account.email,
        "BENCH_TRAINER_PASSWORD": account.password,
    }
    users = args.participants
    # Everyone joins within the window (a little inside it, so the last have time to load).
    join_rate = users / max(1.0, args.join_window - 5)
    results: dict[str, list[Step]] = {}
    if "workshop" in args.only:
        workshop = seed.open_workshop(trainer, database_url, "Load test")
        env = {**base, "BENCH_CODE": workshop.code, "BENCH_LIVE_PATH": workshop.live_path}
        seconds = args.phase_seconds
        phases = {
            "workshop": (["Participant", "Trainer"], users + 1, join_rate, 600),
            "floor": (["Floor"], users, users, seconds),
            "capacity": (["AnswerCapacity"], users, users, seconds),
        }
        results["workshop"] = [
            step for phase in args.phases for step in run_locust(phase, *phases[phase], env)
        ]
    if zip_run is not None:
        accounts, sessions = zip_run
        workshop = seed.open_workshop(trainer, database_url, "Load test with ZIPs")
        env = {
            **base,
            "BENCH_CODE": workshop.code,
            "BENCH_LIVE_PATH": workshop.live_path,
            "BENCH_RECORD": "1",
            "BENCH_ZIP_ACCOUNTS": ",".join(f"{a.email}:{a.password}" for a in accounts),
            "BENCH_ZIP_SESSIONS": ",".join(str(n) for n in sessions),
            "BENCH_ZIP_TEAMS": str(args.zip_teams),
            "BENCH_FINISHERS": str(users + len(accounts)),
        }
        classes = ["Participant", "Trainer", "ZipTrainer"]
        results["zips"] = run_locust(
            "zips", classes, users + 1 + len(accounts), join_rate, 900, env
        )
    if "paced" in args.only:
        room = seed.open_workshop(trainer, database_url, "Paced room", paced=True)
        env = {
            **base,
            "BENCH_CODE": room.code,
            "BENCH_PACED_SESSION": str(room.session_id),
            "BENCH_MOVE_EVERY": str(args.move_every),
            "BENCH_FINISHERS": str(users + 1),
        }
        steps = run_locust("paced", ["Phone", "PacedTrainer"], users + 1, join_rate, 900, env)
        steps += run_locust("pollfloor", ["RoomPollFloor"], users, users, args.phase_seconds, env)
        results["paced"] = steps
    return results


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
    env = {**env, "BENCH_PHASE": phase}
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
    print("\n  Workshop")
    print_table(shown)
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
    print_load()
    return print_checks(checks)


def print_table(steps: list[Step]) -> None:
    print(
        f"\n  {'step':<42}{'requests':>9}{'failed':>7}{'median':>8}{'p95':>7}{'p99':>7}{'req/s':>8}"
    )
    for step in steps:
        print(
            f"  {step.phase + ' / ' + step.name:<42.42}{step.requests:>9}{step.failures:>7}"
            f"{step.median:>6.0f}ms{step.p95:>5.0f}ms{step.p99:>5.0f}ms{step.rps:>8.1f}"
        )


def print_checks(checks: list[tuple[bool, str]]) -> bool:
    for met, text in checks:
        print(f"  [{'met' if met else 'MISSED'}] {text}")
    return all(met for met, _ in checks)


def print_load() -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"  machine load average now (1, 5, 15 min): {load} on {os.cpu_count()} cores")


def quantiles(values: list[float]) -> tuple[float, float, float, float]:
    """(median, p95, p99, max) of `values` (the nearest-rank percentiles, as locust's)."""
    if not values:
        return (0.0, 0.0, 0.0, 0.0)
    ordered = sorted(values)

    def rank(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, int(-(-fraction * len(ordered) // 1)) - 1))]

    return rank(0.5), rank(0.95), rank(0.99), ordered[-1]


def read_json(path: Path, default):
    return json.loads(path.read_text()) if path.exists() else default


def print_zips(args, workdir: Path, results: dict[str, list[Step]], database_url: str) -> bool:
    """Issue 13: participants' times while the ZIPs were prepared, and each ZIP's times."""
    steps = results["zips"]
    print(f"\n  Workshop while {args.zip_trainers} trainers prepare {args.zip_teams}-team ZIPs")
    print_table(steps)
    zips = read_json(workdir / "zips-zips.json", [])
    requests = read_json(workdir / "requests-zips.json", [])
    pressed = [z["pressed"] for z in zips if "pressed" in z]
    ended = [z.get("downloaded") or z.get("seen_ready") or 0 for z in zips]
    start, end = (min(pressed), max(ended)) if pressed else (0.0, 0.0)
    inside = [ms for at, ms, _ in requests if start <= at <= end]
    outside = [ms for at, ms, _ in requests if not start <= at <= end]
    # The workshop part's participant requests, all steps together (locust's histograms).
    before = [
        ms
        for step in results.get("workshop", [])
        if step.is_participant_step
        for ms, count in step.times
        for _ in range(count)
    ]
    print(
        f"\n  Participant requests, all steps together (ms)  {'requests':>9}{'median':>8}"
        f"{'p95':>7}{'p99':>7}{'max':>7}"
    )
    rows = [(f"during the ZIP window ({max(0.0, end - start):.0f} s)", inside)]
    rows.append(("same run, outside the ZIP window", outside))
    if before:
        rows.append(("workshop without ZIPs (the workshop part)", before))
    for label, values in rows:
        median, p95, p99, top = quantiles(values)
        print(
            f"  {label:<46}{len(values):>9}{median:>6.0f}ms{p95:>5.0f}ms{p99:>5.0f}ms{top:>5.0f}ms"
        )
    jobs = job_times(database_url, [z["job"] for z in zips if z.get("job")])
    print(
        f"\n  {'ZIP':<12}{'job queued to ready':>20}{'press to page shows it':>24}"
        f"{'press to downloaded':>21}{'size':>9}{'files':>7}"
    )
    for z in sorted(zips, key=lambda z: z.get("pressed", 0)):
        queued = jobs.get(z.get("job"))
        seen = z.get("seen_ready", 0) - z.get("pressed", 0) if "seen_ready" in z else None
        got = z.get("downloaded", 0) - z.get("pressed", 0) if "downloaded" in z else None
        print(
            f"  trainer {z['trainer']:<4}{_seconds(queued):>20}{_seconds(seen):>24}"
            f"{_seconds(got):>21}{z.get('bytes', 0) / 1e6:>7.1f}MB{z.get('files', 0):>7}"
            + (f"  error: {z['error']}" if z.get("error") else "")
        )
    print(
        "  (job queued to ready: the job's own record; the page is read every 5 s, as its"
        " refresh does)"
    )
    print_load()
    p95 = quantiles(inside)[1]
    failures = sum(step.failures for step in steps)
    good = [z for z in zips if z.get("ok")]
    return print_checks(
        [
            (
                bool(inside) and p95 < ZIP_P95_TARGET_MS,
                f"participant p95 during the ZIP window: {p95:.0f} ms"
                f" (target under {ZIP_P95_TARGET_MS} ms)",
            ),
            (failures == 0, f"failed requests while the ZIPs were prepared: {failures} (target 0)"),
            (
                len(good) == args.zip_trainers,
                f"ZIPs ready and downloaded with {args.zip_teams} team reports each: "
                f"{len(good)} of {args.zip_trainers}",
            ),
        ]
    )


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def job_times(database_url: str, public_ids: list[str]) -> dict[str, float]:
    """Seconds from each job's creation (the press) to its finish, as its row records."""
    if not public_ids:
        return {}
    engine = create_engine(database_url)
    with engine.connect() as db:
        rows = db.execute(
            select(ReportJob.public_id, ReportJob.created_at, ReportJob.finished_at).where(
                ReportJob.public_id.in_(public_ids)
            )
        ).all()
    engine.dispose()
    return {
        public_id: (finished - created).total_seconds()
        for public_id, created, finished in rows
        if finished is not None
    }


def print_paced(args, workdir: Path, results: dict[str, list[Step]]) -> bool:
    """Issue 17: how soon phones saw each move, and what their polling costs."""
    steps = results["paced"]
    print(f"\n  Paced room: {args.participants} phones, a move every {args.move_every:.0f} s")
    print_table(steps)
    room = read_json(workdir / "room-paced.json", {"moves": {}, "seen": []})
    moves: dict[str, float] = room["moves"]
    kinds = {"asking": "a new question", "revealed": "how the room answered", "over": "the end"}
    delays: dict[str, list[float]] = {kind: [] for kind in kinds}
    detected: dict[str, list[float]] = {kind: [] for kind in kinds}
    for key, seen_at, loaded_at in room["seen"]:
        if key in moves:
            stage = key.split("-")[0]
            delays.setdefault(stage, []).append(loaded_at - moves[key])
            detected.setdefault(stage, []).append(seen_at - moves[key])
    print(
        f"\n  From the trainer's move POST to the phone showing it (s)  {'phones':>7}"
        f"{'median':>8}{'p95':>7}{'max':>7}   (to the poll that saw it: median / p95)"
    )
    for stage, label in kinds.items():
        median, p95, _p99, top = quantiles(delays[stage])
        seen_median, seen_p95, _, _ = quantiles(detected[stage])
        moved = sum(1 for key in moves if key.startswith(stage))
        print(
            f"  {label + f' ({moved} moves)':<56}{len(delays[stage]):>7}{median:>7.2f}s"
            f"{p95:>6.2f}s{top:>6.2f}s   {seen_median:.2f} / {seen_p95:.2f} s"
        )
    by_name = {step.name: step for step in steps}
    polls = by_name.get("room: room.json")
    floor_304 = by_name.get("pollfloor: room.json 304")
    healthz = next(
        (s for s in results.get("workshop", []) if s.name == "floor: GET /healthz"), None
    )
    # Once everyone is in: from the first move to the last, in full seconds.
    first, last = (int(min(moves.values())) + 1, int(max(moves.values()))) if moves else (0, 0)
    in_room = [polls.per_second.get(t, 0) for t in range(first, last)] if polls else []
    poll_rate = sum(in_room) / len(in_room) if in_room else 0.0
    print(
        f"\n  Polling: {polls.requests if polls else 0} room.json requests;"
        f" {poll_rate:.1f} a second from the first move to the last"
    )
    if floor_304:
        share = poll_rate / floor_304.steady_rps if floor_304.steady_rps else 0.0
        print(
            f"  room.json 304 floor at {args.participants} users:"
            f" {floor_304.steady_rps:.0f} a second;"
            f" the room's polling takes {share:.0%} of it"
        )
    if healthz:
        share = poll_rate / healthz.steady_rps if healthz.steady_rps else 0.0
        print(
            f"  /healthz floor (workshop part): {healthz.steady_rps:.0f} a second;"
            f" the room's polling is {share:.0%} of it"
        )
    print_load()
    question_moves = sum(1 for key in moves if key.startswith("asking"))
    all_moves = len(moves)
    seen_all = sum(len(v) for v in delays.values())
    failures = sum(s.failures for s in steps if s.phase == "paced")
    p95 = quantiles(delays["asking"])[1]
    return print_checks(
        [
            (
                bool(delays["asking"]) and p95 < MOVE_SEEN_TARGET_S,
                f"phones showing a new question, p95: {p95:.2f} s"
                f" (target under {MOVE_SEEN_TARGET_S:.0f} s; {question_moves} questions)",
            ),
            (
                seen_all == all_moves * args.participants,
                f"every phone saw every move: {seen_all} of {all_moves} x {args.participants}",
            ),
            (failures == 0, f"failed requests in the paced room: {failures} (target 0)"),
        ]
    )


def check_database(database_url: str, workdir: Path) -> bool:
    """Every answer a participant saw accepted is stored exactly once, with its value."""
    content = load_library(Path(os.environ.get("CONTENT_DIR", ROOT / "quizzes")))
    result = ledger.reconcile(database_url, ledger.read_accepted(workdir), content)
    print(f"\n  database check: {result}")
    print(f"  [{'met' if result.ok else 'MISSED'}] every accepted answer stored exactly once")
    return result.ok


if __name__ == "__main__":
    sys.exit(main())
