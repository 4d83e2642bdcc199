"""`make bench-dashboard`: a year of synthetic activity in PostgreSQL and in SQLite, then every dashboard
request timed for a one-year range (issue 19: p95 ≤ 500 ms on PostgreSQL, ≤ 1.5 s on SQLite).

The activity: 200,000 conversations over the 365 days before today, busier on weekday office hours;
one to three visits each, one to three questions a visit; answers from the seeded knowledge base, the
dialogue or the fallback; 👍/👎 on a quarter of the answers, step-by-step guides, handoffs with waits,
stars, comments and call-backs. Rows go in with COPY (PostgreSQL) and executemany (SQLite). PostgreSQL
gets a schema of its own in the `test` database, dropped at the end; SQLite a file under var/.

    .venv/bin/python -m devtools.bench_dashboard [--conversations 200000] [--repeat 10] [--only postgresql|sqlite]
        [--keep | --reuse | --drop]   # keep the data, time kept data again, drop kept data
        [--postgres URL]              # another database than `test` (one other helpers' tests do not share)
"""

from __future__ import annotations

import argparse
import statistics
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.percentiles import percentile
from devtools.bench_dashboard_data import build_rollups, generate

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SQLITE_FILE = ROOT / "var" / "bench-dashboard" / "app.db"
TARGET_MS = {"postgresql": 500.0, "sqlite": 1500.0}


def requests() -> list[str]:
    from bot.dashboard.sections import SECTIONS
    from bot.dashboard.sections import TABLES as EXPORTS

    pages = ["/admin/thong-ke"] + [f"/admin/thong-ke/{s}" for s in SECTIONS if s != "tong-quan"] + ["/admin/thong-ke/bao-cao"]
    return pages + [f"/admin/thong-ke/csv/{key}.csv" for key in EXPORTS]


def time_requests(url: str, admin: str, repeat: int) -> list[tuple[str, float, float]]:
    """Every dashboard request for the last twelve months, as an admin (who sees the most), `repeat` times."""
    from fastapi.testclient import TestClient

    from bot.app import create_app
    from bot.settings import Settings
    from tests.support.loopback import LOCAL_CALLER

    settings = Settings(
        _env_file=None,
        database_url=url,
        rasa_url="http://127.0.0.1:9",  # never asked: nothing here talks to the bot
        action_server_url="http://127.0.0.1:9",
        rasa_tracker_db=str(SQLITE_FILE.parent / "tracker.db"),
        retention_check_interval_s=10**7,  # the year of data must stay while it is measured
        widget_token_secrets="bench-dashboard-secret-0123456789",
    )
    results = []
    with TestClient(create_app(settings), client=LOCAL_CALLER) as client:
        from tests.bot.auth.helpers import login

        response = login(client, admin, "mat-khau-bench-dai-42")
        assert response.status_code == 303, response.text
        for path in requests():
            query = f"{path}?ky=12-thang"
            first = client.get(query)
            assert first.status_code == 200, (path, first.status_code, first.text[:300])
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(query)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            p95 = percentile(samples, 0.95)  # as the dashboard computes its own figures
            assert p95 is not None
            results.append((path, statistics.median(samples), p95))
    return results


KEPT_SCHEMA = "bench_dashboard_kept"


def run(kind: str, conversations: int, repeat: int, keep: bool = False, reuse: bool = False, postgres: str = POSTGRES) -> bool:
    """Generates (or, with reuse, takes the kept database), times, and drops the data unless told to keep it."""
    admin_engine = create_engine(postgres, isolation_level="AUTOCOMMIT")
    if kind == "postgresql":
        schema = KEPT_SCHEMA if keep or reuse else f"bench_dashboard_{uuid.uuid4().hex[:8]}"
        with admin_engine.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first()
            reuse = reuse and exists is not None
            if not reuse:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{postgres}?options=-csearch_path%3D{schema}"
        where = f"schema {schema} of {postgres}"
    else:
        url, where = f"sqlite:///{SQLITE_FILE}", str(SQLITE_FILE)
        reuse = reuse and SQLITE_FILE.exists()
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            SQLITE_FILE.with_name(SQLITE_FILE.name + suffix).unlink(missing_ok=True)
    try:
        print(f"\n== {kind} ==", flush=True)
        if reuse:  # the data of a run with --keep: to time a change of the queries alone
            print(f"reusing {where}", flush=True)
            admin = "bench-admin"
        else:
            made = generate(url, conversations)
            print(f"generated {made['counts']} in {made['insert_s']} s (inserts)", flush=True)
            print(f"roll-ups built from scratch in {build_rollups(url):.1f} s", flush=True)
            admin = made["admin"]
        results = time_requests(url, admin, repeat)
    finally:
        if keep or reuse:
            print(f"kept {where}", flush=True)
        elif kind == "postgresql":
            with admin_engine.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        else:
            for suffix in ("", "-wal", "-shm"):
                SQLITE_FILE.with_name(SQLITE_FILE.name + suffix).unlink(missing_ok=True)
        admin_engine.dispose()
    target = TARGET_MS[kind]
    print(f"{'request (one-year range)':58} {'p50 ms':>8} {'p95 ms':>8}")
    for path, p50, p95 in results:
        print(f"{path:58} {p50:8.0f} {p95:8.0f}{'' if p95 <= target else '  MISS'}")
    worst = max(p95 for _, _, p95 in results)
    ok = worst <= target
    print(f"{kind}: worst p95 {worst:.0f} ms, target ≤ {target:.0f} ms: {'PASS' if ok else 'MISS'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--conversations", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each request (after one warm-up)")
    parser.add_argument("--only", choices=("postgresql", "sqlite"))
    parser.add_argument("--keep", action="store_true", help=f"keep the data (schema {KEPT_SCHEMA}, {SQLITE_FILE})")
    parser.add_argument("--reuse", action="store_true", help="time the data a run with --keep kept, without generating")
    parser.add_argument("--drop", action="store_true", help="drop what --keep kept, and stop")
    parser.add_argument("--postgres", default=POSTGRES, help=f"the PostgreSQL database (default {POSTGRES})")
    args = parser.parse_args()
    if args.drop:
        engine = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{KEPT_SCHEMA}" CASCADE'))
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            SQLITE_FILE.with_name(SQLITE_FILE.name + suffix).unlink(missing_ok=True)
        return 0
    kinds = [args.only] if args.only else ["postgresql", "sqlite"]
    return 0 if all([run(kind, args.conversations, args.repeat, args.keep, args.reuse, args.postgres) for kind in kinds]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
