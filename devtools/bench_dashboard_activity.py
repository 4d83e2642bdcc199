"""The year of synthetic activity `make bench-dashboard` measures (devtools/bench_dashboard.py): conversations
busier on weekday office hours, questions answered from the knowledge base, the dialogue or the fallback, votes,
step-by-step guides, handoffs with waits and stars, call-backs; as rows of every table, with their ids."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

VN = timezone(timedelta(hours=7))
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
