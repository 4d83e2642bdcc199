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
import json
import random
import statistics
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, select, text

from bot.percentiles import percentile

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SQLITE_FILE = ROOT / "var" / "bench-dashboard" / "app.db"
VN = timezone(timedelta(hours=7))
TARGET_MS = {"postgresql": 500.0, "sqlite": 1500.0}
CHANNELS = (("web", 0.6), ("telegram", 0.35), ("api", 0.05))
HOURS = [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 13, 10, 6, 7, 11, 12, 11, 8, 7, 9, 9, 6, 3, 2]  # Việt Nam hours
WEEKDAYS = [10, 10, 10, 10, 9, 6, 4]
REASONS = (
    ("request_human", 40),
    ("misunderstood", 20),
    ("thumbs_down", 10),
    ("guide_stuck", 10),
    ("complaint", 8),
    ("emergency", 2),
    ("bot_unavailable", 2),
)
OUTCOMES = ("guided", "guided", "guided", "appointment", "referred", "call_back", "no_reply", "other")
QUESTIONS = [
    "cho hỏi làm căn cước cho con ở đâu",
    "quen mat khau vneid",
    "đăng ký tạm trú online thế nào",
    "xin giấy xác nhận tình trạng hôn nhân",
    "sao tra cứu bhyt không được",
    "nộp thuế hộ kinh doanh qua app",
    "mất thẻ atm phải làm sao",
    "có người gọi nói công an bắt chuyển tiền",
    "tiền điện tháng này cao quá",
    "lớp học điện thoại cho người già khi nào",
    "đổi bằng lái xe online",
    "cấp lại giấy khai sinh bản sao",
]
COMMENTS = ["Cảm ơn các cháu nhiệt tình", "Chờ hơi lâu", "Hướng dẫn dễ hiểu", "Số điện thoại ***", "Rất tốt"]


def weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


class Generator:
    """Rows of every table, a conversation at a time, with ids given here (so rows can refer to each other)."""

    def __init__(
        self, conversations: int, entries: list[str], guides: dict[str, int], volunteers: list[int], today: date
    ) -> None:
        self.rng = random.Random(19)
        self.n = conversations
        self.entries = entries
        self.weights = [1 / (rank + 1) for rank in range(len(entries))]  # a few entries answer most questions
        self.guides = guides
        self.volunteers = volunteers
        self.first_day = today - timedelta(days=364)
        self.last_moment = datetime.now(timezone.utc) - timedelta(hours=1)  # a visit's messages run on after it
        self.message_id = self.feedback_id = self.ticket_id = self.callback_id = 0
        self.rows: dict[str, list[tuple[Any, ...]]] = {
            k: [] for k in ("conversations", "messages", "feedback", "tickets", "callbacks")
        }
        self.counts = dict.fromkeys(self.rows, 0)

    def moment(self) -> datetime:
        rng = self.rng
        while True:
            day = self.first_day + timedelta(days=rng.randrange(365))
            if rng.random() * 10 < WEEKDAYS[day.weekday()]:
                break
        hour = rng.choices(range(24), HOURS)[0]
        local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=VN)
        if local > self.last_moment:  # later today: drawn again, the future has no messages
            return self.moment()
        return local.astimezone(timezone.utc)

    def conversation(self, cid: int) -> None:
        rng = self.rng
        channel = weighted(rng, CHANNELS)
        visits = sorted(self.moment() for _ in range(rng.choices((1, 2, 3), (80, 15, 5))[0]))
        self.rows["conversations"].append((cid, channel, f"bench-{cid}", "bot", 0, "bac", visits[0], visits[-1]))
        seq = 0
        for start in visits:
            at = start
            for _ in range(rng.choices((1, 2, 3), (40, 35, 25))[0]):
                seq, at = self.question(cid, seq, at)
            if rng.random() < 0.05 and self.guides:
                seq, at = self.guide(cid, seq, at)
            if rng.random() < 0.08:
                seq, at = self.handoff(cid, channel, seq, at)
        self.counts["conversations"] += 1

    def message(
        self, cid: int, seq: int, direction: str, text_: str, meta: dict[str, Any], at: datetime, reply_to: int | None
    ) -> int:
        self.message_id += 1
        status = "answered" if direction == "in" else "delivered"
        self.rows["messages"].append((self.message_id, cid, seq, direction, text_, json.dumps(meta), status, reply_to, at))
        return self.message_id

    def question(self, cid: int, seq: int, at: datetime) -> tuple[int, datetime]:
        rng = self.rng
        seq += 1
        self.message(cid, seq, "in", rng.choice(QUESTIONS), {}, at, None)
        kind = rng.random()
        reply_at = at + timedelta(seconds=rng.uniform(0.5, 3))
        if kind < 0.7:
            faq = rng.choices(self.entries, self.weights)[0]
            meta = {"source": "faq", "intent": "ask_question", "confidence": 0.9, "faq_id": faq, "handoff": False, "mode": "bot"}
        elif kind < 0.85:
            meta = {"source": "dialogue", "intent": "greet", "confidence": 0.95, "handoff": False, "mode": "bot"}
        else:
            meta = {"source": "fallback", "intent": "nlu_fallback", "confidence": 0.2, "handoff": False, "mode": "bot"}
        seq += 1
        reply = self.message(cid, seq, "out", "Dạ, câu trả lời", meta, reply_at, seq - 1)
        at = reply_at + timedelta(seconds=rng.uniform(20, 400))
        if meta["source"] == "faq" and rng.random() < 0.25:
            value = 1 if rng.random() < 0.8 else -1
            self.feedback_id += 1
            self.rows["feedback"].append((self.feedback_id, cid, reply, value, meta["faq_id"], at))
            seq += 1
            payload = f"#feedback:{'up' if value > 0 else 'down'}:{seq - 1}"
            self.message(cid, seq, "in", payload, {"payload": payload}, at, None)
            seq += 1
            self.message(cid, seq, "out", "Dạ, con cảm ơn", {"source": "system", "intent": "feedback"}, at, seq - 1)
            at += timedelta(seconds=30)
        return seq, at

    def guide(self, cid: int, seq: int, at: datetime) -> tuple[int, datetime]:
        rng = self.rng
        faq = rng.choice(list(self.guides))
        total = self.guides[faq]
        reached = total if rng.random() < 0.45 else rng.randint(1, total)
        for step in range(1, reached + 1):
            seq += 1
            payload = f'/guide{{"faq_id":"{faq}","step":{step}}}'
            self.message(cid, seq, "in", payload, {"payload": payload}, at, None)
            seq += 1
            meta = {"source": "faq", "faq_id": faq, "offer": "guide", "guide": {"faq_id": faq, "step": step, "total": total}}
            self.message(cid, seq, "out", "Bước", meta, at + timedelta(seconds=1), seq - 1)
            at += timedelta(seconds=rng.uniform(30, 200))
        if reached == total and rng.random() < 0.8:
            seq += 1
            self.message(cid, seq, "in", "/guide_done", {"payload": "/guide_done"}, at, None)
            seq += 1
            meta = {
                "source": "faq",
                "faq_id": faq,
                "offer": "guide_done",
                "guide": {"faq_id": faq, "step": total, "total": total},
            }
            self.message(cid, seq, "out", "Xong", meta, at + timedelta(seconds=1), seq - 1)
        return seq, at

    def handoff(self, cid: int, channel: str, seq: int, at: datetime) -> tuple[int, datetime]:
        rng = self.rng
        reason = weighted(rng, REASONS)
        seq += 1
        self.message(
            cid, seq, "out", "Dạ, con chuyển", {"source": "dialogue", "handoff": True, "handoff_reason": reason}, at, None
        )
        self.ticket_id += 1
        fate = rng.random()
        status, assigned, closed, volunteer, rating, comment, outcome = (
            "expired",
            None,
            at + timedelta(minutes=30),
            None,
            None,
            None,
            None,
        )
        if fate < 0.8:
            assigned = at + timedelta(seconds=rng.lognormvariate(5.2, 0.8))  # median about 3 minutes
            volunteer = rng.choice(self.volunteers)
            reply = assigned + timedelta(seconds=rng.uniform(10, 120))
            for _ in range(rng.randint(2, 4)):
                seq += 1
                self.message(cid, seq, "out", "Dạ, chú/cô hướng dẫn", {"source": "volunteer", "mode": "human"}, reply, None)
                reply += timedelta(seconds=rng.uniform(30, 180))
            closed = reply + timedelta(seconds=rng.lognormvariate(6.2, 0.6))
            status, outcome = "resolved", rng.choice(OUTCOMES)
            if rng.random() < 0.55:
                rating = rng.choices((5, 4, 3, 2, 1), (50, 25, 12, 6, 7))[0]
                comment = rng.choice(COMMENTS) if rng.random() < 0.15 else None
        elif fate < 0.9:
            status, closed = "abandoned", at + timedelta(minutes=rng.uniform(1, 20))
        rated_at = closed if rating else None
        self.rows["tickets"].append(
            (
                self.ticket_id,
                cid,
                channel,
                reason,
                40,
                status,
                volunteer,
                outcome,
                at,
                assigned,
                closed,
                rating,
                comment,
                rated_at,
            )
        )
        if status == "expired":
            self.callback_id += 1
            state = rng.choices(("done", "unreachable", "open"), (70, 20, 10))[0]
            self.rows["callbacks"].append((self.callback_id, cid, self.ticket_id, reason, None, state, closed))
        return seq, (closed or at) + timedelta(minutes=1)

    def batches(self, size: int = 5000) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
        """The rows a few thousand conversations at a time."""
        for cid in range(1, self.n + 1):
            self.conversation(cid)
            if cid % size == 0 or cid == self.n:
                for table, rows in self.rows.items():
                    if table != "conversations":
                        self.counts[table] += len(rows)
                yield self.rows
                self.rows = {k: [] for k in self.rows}


COLUMNS = {
    "conversations": "id, channel, external_id, mode, last_seq, address, created_at, updated_at",
    "messages": "id, conversation_id, seq, direction, text, meta, status, reply_to, created_at",
    "feedback": "id, conversation_id, message_id, value, faq_id, created_at",
    "handoff_tickets": "id, conversation_id, channel, reason, priority, status, assigned_to, outcome, created_at, "
    "assigned_at, closed_at, rating, rating_comment, rated_at",
    "handoff_callbacks": "id, conversation_id, ticket_id, reason, question, status, created_at",
}
TABLES = {
    "conversations": "conversations",
    "messages": "messages",
    "feedback": "feedback",
    "tickets": "handoff_tickets",
    "callbacks": "handoff_callbacks",
}


def sqlite_value(value: Any) -> Any:
    """As SQLAlchemy stores it in SQLite: UTC timestamps without their zone."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def insert_batch(engine: Engine, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for name, table in TABLES.items():
            if not rows[name]:
                continue
            columns = COLUMNS[table]
            if engine.dialect.name == "postgresql":
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows[name]:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns.split(","))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", [tuple(map(sqlite_value, r)) for r in rows[name]]
                )
        raw.commit()
    finally:
        raw.close()


def prepare(url: str) -> tuple[list[str], dict[str, int]]:
    """Migrates and seeds the knowledge base; the published entries and the guides' step counts."""
    from knowledge.models import Entry
    from tests.support.database import migrate, seed_content

    migrate(url)
    seed_content(url)
    engine = make(url)
    with engine.connect() as connection:
        found = connection.execute(select(Entry.id, Entry.steps)).all()
    engine.dispose()
    return [e for e, _ in found], {e: len(steps) for e, steps in found if steps}


def make(url: str) -> Engine:
    from knowledge.database import make_engine

    return make_engine(url)


def add_people(url: str) -> tuple[list[int], str]:
    """Fifteen volunteers, an admin to look, and the ward's weekday shifts."""
    from bot.auth import service
    from bot.handoff.models import Shift
    from knowledge.database import make_sessionmaker

    engine = make(url)
    with make_sessionmaker(engine)() as session:
        ids = [
            service.create_user(session, f"tnv{n}", "mat-khau-bench-dai-42", "volunteer", display_name=f"TNV {n}").id
            for n in range(15)
        ]
        service.create_user(session, "bench-admin", "mat-khau-bench-dai-42", "admin")
        session.execute(text("DELETE FROM handoff_shifts"))
        for weekday in range(5):
            session.add(Shift(weekday=weekday, starts="07:30", ends="11:30"))
            session.add(Shift(weekday=weekday, starts="13:00", ends="17:00"))
        session.add(Shift(weekday=5, starts="08:00", ends="11:00"))
        session.commit()
    engine.dispose()
    return ids, "bench-admin"


def generate(url: str, conversations: int) -> dict[str, Any]:
    entries, guides = prepare(url)
    volunteers, admin = add_people(url)
    today = datetime.now(VN).date()
    generator = Generator(conversations, entries, guides, volunteers, today)
    engine = make(url)
    started = time.perf_counter()
    for batch in generator.batches():
        insert_batch(engine, batch)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # ids were given here: move the sequences past them
            for table in TABLES.values():
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
            connection.execute(text("ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    inserted = time.perf_counter() - started
    engine.dispose()
    return {"counts": generator.counts, "insert_s": round(inserted, 1), "admin": admin}


def build_rollups(url: str) -> float:
    """The first refresh: every (conversation, day) computed from the messages."""
    from bot.dashboard import rollup
    from knowledge.database import make_sessionmaker

    engine = make(url)
    started = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        rollup.rebuild(session)
        session.commit()
    # PostgreSQL: vacuumed, as autovacuum leaves a year of settled rows by the time anyone reads it (it
    # is off on some servers): its visibility map lets the roll-ups' covering indexes answer alone
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    engine.dispose()
    return time.perf_counter() - started


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
