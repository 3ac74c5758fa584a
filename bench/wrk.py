"""Driving load with wrk, in a process of its own, and reading its figures.

Every run appends `lua/report.lua` to the row's script, whose `done()` prints
one `BENCH_JSON {...}` line: requests, duration, median and 99th percentile
latency, and wrk's error counts (socket errors by kind, and `status`: answers
of 400 and over, which wrk counts as "Non-2xx or 3xx responses").
"""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
MARKER = "BENCH_JSON "


class WrkError(RuntimeError):
    pass


@dataclass(frozen=True)
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    # Requests a script sent again because it ran out of fresh ones.
    exhausted: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse(output: str) -> Figures:
    """The figures in wrk's output (its report line), or WrkError."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            break
    else:
        raise WrkError(f"wrk printed no report line:\n{output.strip()[-2000:]}")
    errors = sum(data[kind] for kind in ("connect", "read", "write", "status"))
    return Figures(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors + data["timeout"],
        exhausted=data.get("exhausted", 0),
    )


def script_with_report(script: str | None) -> str:
    """The row's Lua script (from lua/) followed by the report."""
    parts = [(LUA / script).read_text()] if script else []
    parts.append((LUA / "report.lua").read_text())
    return "\n".join(parts)


def command(
    url: str,
    connections: int,
    seconds: int,
    threads: int,
    headers: dict[str, str],
    script_path: str,
    script_args: list[str],
) -> list[str]:
    arguments = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={script_path}",
    ]
    for name, value in headers.items():
        arguments += ["--header", f"{name}: {value}"]
    arguments.append(url)
    if script_args:
        arguments += ["--", *script_args]
    return arguments


def run(
    url: str,
    connections: int,
    seconds: int,
    headers: dict[str, str],
    script: str | None = None,
    script_args: list[str] | None = None,
    cpus: int = 2,
) -> Figures:
    """Load `url` for `seconds` with `connections` connections."""
    if shutil.which("wrk") is None:
        raise WrkError("wrk is not installed: run sudo apt-get install -y wrk")
    threads = max(1, min(connections, cpus))
    # Scripts are told the thread count after their own arguments.
    script_args = [*(script_args or []), str(threads)]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script_with_report(script))
        lua.flush()
        arguments = command(
            url, connections, seconds, threads, headers, lua.name, script_args
        )
        finished = subprocess.run(
            arguments, capture_output=True, text=True, timeout=seconds + 60
        )
    if finished.returncode != 0:
        raise WrkError(f"wrk failed: {finished.stderr.strip() or finished.stdout}")
    return parse(finished.stdout)
