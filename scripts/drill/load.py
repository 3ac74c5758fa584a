"""Visitors for the drill: a few threads reading pages, giving and clicking
donate buttons, counting every answer by phase.

Each click carries its own number as the link's variant (`drill-<n>`, signed
like any donate link) and comes from its own address, so no rate limit or
duplicate flag hides it, and afterwards each stored row names the click it is.
"""

import itertools
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .client import get

CLICK = "donate click"
# The donate path: what must never fail, whatever is down.
GIVING = {"donate page", "give/ hand-off", CLICK}


@dataclass
class Click:
    number: int
    phase: str
    status: int


@dataclass
class Load:
    base: str
    pages: dict[str, str]  # what a request is called → its path
    click_path: Callable[[int], str]
    threads: int = 3
    pause: float = 0.1  # seconds each visitor waits between requests
    phase: str = "starting"
    answers: Counter = field(default_factory=Counter)  # (phase, what, status)
    clicks: list[Click] = field(default_factory=list)
    seconds: dict[str, list[float]] = field(default_factory=dict)  # phase → times
    _stop: threading.Event = field(default_factory=threading.Event)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def warm_up(self) -> None:
        """Each page once, not counted: every later answer is the drill's."""
        for path in self.pages.values():
            get(self.base, path)

    def start(self) -> None:
        self._workers = [
            threading.Thread(target=self._visit, args=(offset,), daemon=True)
            for offset in range(self.threads)
        ]
        for worker in self._workers:
            worker.start()

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join()

    def _visit(self, offset: int) -> None:
        rounds = itertools.cycle([*self.pages, CLICK])
        for _ in range(offset):  # visitors start at different pages
            next(rounds)
        for what in rounds:
            if self._stop.is_set():
                return
            phase = self.phase
            began = time.monotonic()
            if what == CLICK:
                number = next(self._numbers)
                answer = get(self.base, self.click_path(number), _address(number))
                with self._lock:
                    self.clicks.append(Click(number, phase, answer.status))
            else:
                answer = get(self.base, self.pages[what], "198.51.100.7")
            with self._lock:
                self.answers[phase, what, answer.status] += 1
                self.seconds.setdefault(phase, []).append(time.monotonic() - began)
            time.sleep(self.pause)


def _address(number: int) -> str:
    """A visitor address of its own for each click (10.0.0.0/8 holds 16 million)."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
