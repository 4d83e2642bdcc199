"""CPU and resident memory of process trees, read from /proc: what `make bench` charges each system."""

from __future__ import annotations

import os
import threading


def children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(entry))
    return tree


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_s(pid: int, tree: dict[int, list[int]] | None = None) -> float:
    """User + system CPU seconds of a process and its descendants (living ones, and children they reaped)."""
    tree = tree if tree is not None else children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
        except (OSError, IndexError, ValueError):
            continue
        todo += tree.get(p, [])
    return total / CLOCK_TICKS


def tree_rss_mb(pid: int, tree: dict[int, list[int]] | None = None) -> tuple[float, int]:
    """VmRSS summed over a process and its descendants (MB), and how many processes that is."""
    tree = tree if tree is not None else children()
    total, count, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        count += 1
                        break
        except OSError:
            continue
        todo += tree.get(p, [])
    return total / 1024, count


class RssSampler:
    """Samples the RSS of named process trees every interval until stopped; keeps the peak and the last."""

    def __init__(self, pids: dict[str, int], interval: float = 1.0) -> None:
        self.pids, self.interval = pids, interval
        self.peak: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.processes: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            tree = children()
            for name, pid in self.pids.items():
                mb, n = tree_rss_mb(pid, tree)
                if n:
                    self.last[name], self.processes[name] = mb, n
                    self.peak[name] = max(self.peak.get(name, 0.0), mb)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def figures(self) -> dict[str, dict[str, float]]:
        return {
            n: {"peak_mb": round(self.peak[n], 1), "last_mb": round(self.last[n], 1), "processes": self.processes[n]}
            for n in self.peak
        }


def cpu_of(pids: dict[str, int]) -> dict[str, float]:
    tree = children()
    return {name: tree_cpu_s(pid, tree) for name, pid in pids.items()}


def cpu_per_turn(before: dict[str, float], after: dict[str, float], turns: int) -> dict[str, float]:
    """CPU milliseconds each process tree spent per answered turn."""
    return {name: round((after[name] - before[name]) * 1000 / turns, 1) for name in before} if turns else {}
