"""`make loadtest`: 50 simulated users of mixed roles for 2 minutes against
two gunicorn app servers (several workers each) on one PostgreSQL database,
on loopback only. Fails when any request failed.

Needs DATABASE_URL pointing at PostgreSQL (a scratch database is created
next to it: <name>_load).
"""

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import RESULTS, ROOT, Server, bench_env, manage

USERS = int(os.environ.get("LOAD_USERS", "50"))
RUN_TIME = os.environ.get("LOAD_RUN_TIME", "2m")


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
    servers = [Server(env, workers=3), Server(env, workers=3)]
    RESULTS.mkdir(parents=True, exist_ok=True)
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
            env={**os.environ, "LOAD_HOSTS": ",".join(s.base for s in servers)},
            cwd=ROOT,
            check=False,
        )
        elapsed = time.time() - started
    finally:
        for server in servers:
            server.stop()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    failures = int(total["Failure Count"])
    print(
        f"\nНагрузка: {USERS} пользователей, {elapsed:.0f} с, 2 сервера приложения × 3 процесса, "
        f"запросов {total['Request Count']}, ошибок {failures}, "
        f"p50 {total['50%']} мс, p95 {total['95%']} мс, {float(total['Requests/s']):.1f} запр./с"
    )
    if failures or result.returncode not in (0,):
        raise SystemExit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
