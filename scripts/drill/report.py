"""What the drill found: answers by phase and status, clicks sent against
clicks stored, and whether that passes."""

import subprocess
import sys
from collections import Counter
from statistics import median

from .load import CLICK, GIVING, Load

# What each request should get: the donate page is a page, the hand-off and
# the click send the visitor on.
EXPECTED = {"give/ hand-off": 302, CLICK: 302}
# The site's "down for a moment" page: fair for reading, never for giving.
DOWN = 503


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Verdict:
    def __init__(
        self,
        load: Load,
        stored: dict[int, int],
        replay: subprocess.CompletedProcess,
        replayer_died: bool,
    ):
        self.load = load
        self.stored = stored
        self.replay = replay
        redirected = {c.number for c in load.clicks if c.status == 302}
        self.lost = sorted(redirected - set(stored))
        self.twice = sorted(number for number, rows in stored.items() if rows > 1)
        self.failures = [
            (phase, what, status, count)
            for (phase, what, status), count in sorted(load.answers.items())
            if _visitor_facing_failure(what, status)
        ]
        self.problems = []
        if self.lost:
            self.problems.append(f"{len(self.lost)} clicks lost: {self.lost[:10]}")
        if self.twice:
            self.problems.append(
                f"{len(self.twice)} clicks stored twice: {self.twice[:10]}"
            )
        for phase, what, status, count in self.failures:
            answer = f"status {status}" if status else "no answer"
            self.problems.append(f"{phase}: {what} got {answer} {count}×")
        if replay.returncode:
            self.problems.append("the final replay_donation_clicks failed")
        if replayer_died:
            self.problems.append("the replay worker died (var/drill/replayer.log)")

    @property
    def passed(self) -> bool:
        return not self.problems

    def report(self, timings: list[tuple[str, float]]) -> None:
        answers = self.load.answers
        statuses = sorted({status for (_, _, status) in answers})
        say()
        say("Answers by phase and status (0: no answer):")
        say(f"  {'phase':<20}{'request':<16}" + "".join(f"{s:>7}" for s in statuses))
        for phase, _ in timings:
            for what in [*self.load.pages, CLICK]:
                row = [answers[phase, what, status] for status in statuses]
                cells = "".join(f"{n or '':>7}" for n in row)
                say(f"  {phase:<20}{what:<16}{cells}")
        say()
        say("Answer times by phase (seconds):")
        heading = f"{'requests':>9}{'per s':>7}{'median':>8}{'95%':>7}{'max':>7}"
        say(f"  {'phase':<20}{heading}")
        for phase, duration in timings:
            times = sorted(self.load.seconds.get(phase, []))
            if times:
                rate = len(times) / duration
                say(
                    f"  {phase:<20}{len(times):>9}{rate:>7.1f}{median(times):>8.2f}"
                    f"{times[int(len(times) * 0.95)]:>7.2f}{times[-1]:>7.2f}"
                )
        say()
        sent = Counter(click.phase for click in self.load.clicks)
        redirected = Counter(c.phase for c in self.load.clicks if c.status == 302)
        stored = Counter(c.phase for c in self.load.clicks if self.stored.get(c.number))
        say("Donate clicks (stored: after the replay):")
        say(f"  {'phase':<20}{'sent':>7}{'302':>7}{'stored':>8}")
        for phase, _ in timings:
            counts = f"{sent[phase]:>7}{redirected[phase]:>7}{stored[phase]:>8}"
            say(f"  {phase:<20}{counts}")
        say(
            f"  {'all':<20}{sum(sent.values()):>7}{sum(redirected.values()):>7}"
            f"{sum(stored.values()):>8}   rows: {sum(self.stored.values())}"
        )
        say()
        say("replay_donation_clicks said:")
        for line in (self.replay.stdout + self.replay.stderr).splitlines():
            say(f"  {line}")
        say()
        if self.passed:
            say("PASS: no click lost or stored twice, no visitor-facing server error.")
        else:
            say("FAIL:")
            for problem in self.problems:
                say(f"  {problem}")


def _visitor_facing_failure(what: str, status: int) -> bool:
    if what in GIVING:
        return status != EXPECTED.get(what, 200)
    return status == 0 or (status >= 500 and status != DOWN)
