"""`make loadtest`: 100 simulated users of mixed roles for 3 minutes against
two gunicorn app servers (several workers each) and one task worker
(`manage.py db_worker`) on one PostgreSQL database, on loopback only.

The users also write: directors approve submitted orders, respondents answer
a questionnaire through personal links, methodists import small files and
order background reports. Afterwards the rows in the database are counted
and compared with what the servers confirmed to the users: every confirmed
write is there once (no lost writes), nothing is there twice (no duplicated
writes), every background report was built. Fails on any failed request or
any difference; prints p95 per endpoint.

Needs DATABASE_URL pointing at PostgreSQL (a scratch database is created
next to it: <name>_load). LOAD_USERS, LOAD_RUN_TIME (e.g. 1m) and LOAD_SCALE
shorten a check run.
"""

import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadplan import COUNT, PREPARE

from bench import PYTHON, RESULTS, ROOT, Server, bench_env, django_query, manage

USERS = int(os.environ.get("LOAD_USERS", "100"))
RUN_TIME = os.environ.get("LOAD_RUN_TIME", "3m")
ORDERS = int(os.environ.get("LOAD_ORDERS", "300"))
LINKS = int(os.environ.get("LOAD_LINKS", "600"))


def scratch_database(url):
    base, _, name = url.rpartition("/")
    load_name = f"{name or 'mentoring'}_load"
    admin = subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f'DROP DATABASE IF EXISTS "{load_name}"'],
        capture_output=True,
        text=True,
        check=False,
    )
    if admin.returncode != 0:
        raise SystemExit(f"PostgreSQL недоступен: {admin.stderr.strip()}")
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f'CREATE DATABASE "{load_name}"'], check=True
    )
    return f"{base}/{load_name}"


def check_writes(confirmed, found):
    """Differences between what the users were told and what the database
    holds: a list of Russian sentences, empty when everything matches.

    A write confirmed to a user must be in the database (none lost); the
    database may hold more only up to the writes sent, as a request cut off
    when the test stops can be written without its answer being read; and
    no order, answer or import is there twice (duplicates)."""
    problems = []
    ranges = [
        ("утверждённых приказов", "orders_approved", "orders_attempted", "orders_approved"),
        ("отправленных анкет", "responses_submitted", "responses_attempted", "responses_submitted"),
        ("импортированных участников", "imported", "imported_attempted", "imported"),
        ("фоновых отчётов", "report_jobs", "report_jobs_attempted", "report_jobs"),
    ]
    for what, ok_key, sent_key, db_key in ranges:
        low, high, actual = confirmed[ok_key], confirmed[sent_key], found[db_key]
        if not low <= actual <= high:
            problems.append(f"{what}: подтверждено {low}, отправлено {high}, в базе {actual}")
    same = [
        (
            "номеров утверждённых приказов (без повторов)",
            "orders_approved",
            "order_numbers_distinct",
        ),
        ("ответов на приглашения (по одному)", "responses_total", "responses_distinct_invitations"),
        ("готовых фоновых отчётов", "report_jobs", "report_jobs_done"),
    ]
    for what, total_key, distinct_key in same:
        if found[total_key] != found[distinct_key]:
            problems.append(f"{what}: всего {found[total_key]}, различных {found[distinct_key]}")
    return problems


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit(
            "Нагрузочный тест идёт на PostgreSQL: задайте DATABASE_URL, например "
            "postgres://postgres@127.0.0.1:5432/mentoring"
        )
    env = bench_env(scratch_database(url))
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "seed_demo", "--scale", os.environ.get("LOAD_SCALE", "2000"))
    plan = django_query(env, f"ORDERS = {ORDERS}\nLINKS = {LINKS}\n" + PREPARE)
    RESULTS.mkdir(parents=True, exist_ok=True)
    plan_path = RESULTS / "load-plan.json"
    counts_path = RESULTS / "load-counts.json"
    plan_path.write_text(json.dumps(plan))
    counts_path.unlink(missing_ok=True)
    start = datetime.datetime.now(datetime.UTC).isoformat()
    servers = [Server(env, workers=3), Server(env, workers=3)]
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
    )
    prefix = RESULTS / "load"
    try:
        started = time.time()
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                "10",
                "--run-time",
                RUN_TIME,
                "--host",
                servers[0].base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            env={
                **os.environ,
                "LOAD_HOSTS": ",".join(s.base for s in servers),
                "LOAD_PLAN": str(plan_path),
                "LOAD_COUNTS": str(counts_path),
            },
            cwd=ROOT,
            check=False,
        )
        elapsed = time.time() - started
        # The worker finishes the reports still queued (a minute at most).
        count_code = (
            f"PLAN = {json.dumps(json.dumps(plan))}\n"
            f"START = datetime.datetime.fromisoformat({start!r})\n" + COUNT
        )
        deadline = time.time() + 60
        while True:
            found = django_query(env, "import datetime\n" + count_code)
            if not found["report_jobs_waiting"] or time.time() > deadline:
                break
            time.sleep(2)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        for server in servers:
            server.stop()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows.pop("Aggregated")
    failures = int(total["Failure Count"])
    print(f"\n{'адрес':58} {'запросов':>9} {'ошибок':>7} {'p50 мс':>7} {'p95 мс':>7}")
    for name, row in sorted(rows.items()):
        print(
            f"{name[:58]:58} {row['Request Count']:>9} {row['Failure Count']:>7} "
            f"{row['50%']:>7} {row['95%']:>7}"
        )
    print(
        f"\nНагрузка: {USERS} пользователей, {elapsed:.0f} с, 2 сервера приложения × 3 процесса "
        f"и 1 обработчик задач, запросов {total['Request Count']}, ошибок {failures}, "
        f"p50 {total['50%']} мс, p95 {total['95%']} мс, {float(total['Requests/s']):.1f} запр./с"
    )
    confirmed = json.loads(counts_path.read_text())
    problems = check_writes(confirmed, found)
    print(f"Записи, подтверждённые пользователям: {confirmed}")
    print(f"Записи в базе: {found}")
    print("Потерянных и задвоенных записей нет." if not problems else "\n".join(problems))
    (RESULTS / "load.json").write_text(
        json.dumps(
            {
                "users": USERS,
                "seconds": round(elapsed),
                "requests": int(total["Request Count"]),
                "failures": failures,
                "p95_ms": float(total["95%"]),
                "endpoints": {
                    name: {"requests": int(r["Request Count"]), "p95_ms": float(r["95%"])}
                    for name, r in rows.items()
                },
                "confirmed": confirmed,
                "database": found,
                "problems": problems,
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    if failures or problems or result.returncode not in (0,):
        raise SystemExit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
