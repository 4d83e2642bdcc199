"""What the load driver aims at (a Target) and what it records (each turn, and a run's Result with its summary)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from devtools.stats import percentile

DEFAULT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Target:
    """Where residents send: our gateway (/api/chat + /ws/chat) or stock Rasa (/webhooks/rest/webhook)."""

    kind: str  # "gateway" | "rasa"
    base_url: str
    ws_share: float = 0.0  # gateway only: the share of residents on the widget WebSocket
    turn_timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def gateway(cls, base_url: str, ws_share: float = 0.5, turn_timeout_s: float = DEFAULT_TIMEOUT_S) -> Target:
        return cls("gateway", base_url.rstrip("/"), ws_share, turn_timeout_s)

    @classmethod
    def rasa_rest(cls, base_url: str, turn_timeout_s: float = DEFAULT_TIMEOUT_S) -> Target:
        return cls("rasa", base_url.rstrip("/"), 0.0, turn_timeout_s)

    def transport_of(self, resident: int) -> str:
        """'ws' for ws_share of the residents (spread evenly over their indices), else 'http'."""
        if self.kind != "gateway" or self.ws_share <= 0:
            return "http"
        return "ws" if int((resident + 1) * self.ws_share) > int(resident * self.ws_share) else "http"


@dataclass
class TurnRecord:
    resident: int
    transport: str
    started: float  # seconds since the run started
    latency_ms: float
    error: str | None = None  # None: answered well
    handoff: bool = False


@dataclass
class Hooks:
    """Optional callbacks: on_turn(record) after every turn (must be quick; not awaited)."""

    on_turn: Callable[[TurnRecord], None] | None = None


@dataclass
class Result:
    shape: str
    target: str
    residents: int
    duration_s: float = 0.0  # wall time of the measured part
    turns: list[TurnRecord] = field(default_factory=list)
    client_cpu_s: float = 0.0  # CPU the driver itself used (it shares the machine with the servers)

    @property
    def errors(self) -> Counter:
        return Counter(t.error for t in self.turns if t.error)

    def latencies(self, transport: str | None = None, ok_only: bool = True) -> list[float]:
        return [
            t.latency_ms
            for t in self.turns
            if (transport is None or t.transport == transport) and (t.error is None or not ok_only)
        ]

    def summary(self) -> dict[str, Any]:
        """The figures: answered turns per second, latency percentiles (answered turns), errors by kind."""
        ok = self.latencies()
        out: dict[str, Any] = {
            "shape": self.shape,
            "target": self.target,
            "residents": self.residents,
            "duration_s": round(self.duration_s, 2),
            "turns": len(self.turns),
            "answered": len(ok),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "handoffs": sum(t.handoff for t in self.turns),
            "throughput_msg_s": round(len(ok) / self.duration_s, 2) if self.duration_s else 0.0,
            "client_cpu_s": round(self.client_cpu_s, 2),
        }
        for q in (50, 95, 99):
            out[f"p{q}_ms"] = round(percentile(ok, q), 1) if ok else None
        out["max_ms"] = round(max(ok), 1) if ok else None
        transports = sorted({t.transport for t in self.turns})
        if len(transports) > 1:
            out["by_transport"] = {
                tr: {f"p{q}_ms": round(percentile(v, q), 1) for q in (50, 95, 99)} | {"n": len(v)}
                for tr in transports
                if (v := self.latencies(tr))
            }
        return out
