"""bench/results.json, the targets of issue 10 item 6, and the printed table.

results.json's shape (other tools read it):
    {"meta": {"commit", "started", "cpus", "connections", "seconds", ...},
     "results": {key: {"path", "rps", "p50_ms", "p99_ms", "errors", "queries",
                       "connections"}}}
`rps` is null where wrk did not drive the row (the report, timed in-process),
`queries` where a request's queries are not counted (static files, another
commit's server). meta also holds the targets as checked, the donate-click
queue check and the rows skipped, with why.
"""

import json
from dataclasses import dataclass
from pathlib import Path

STATIC = "static_css"
ROW_FIELDS = ("path", "rps", "p50_ms", "p99_ms", "errors", "queries", "connections")


def row(path, rps, p50_ms, p99_ms, errors, queries, connections) -> dict:
    values = (path, rps, p50_ms, p99_ms, errors, queries, connections)
    return dict(zip(ROW_FIELDS, values, strict=True))


@dataclass(frozen=True)
class Target:
    label: str
    key: str
    # "share": rps at least `limit` times static_css's; "median": p50 under
    # `limit` ms; "halved": p50 at most `limit` times the p50 of `versus`.
    kind: str
    limit: float
    versus: str = ""

    def goal(self) -> str:
        if self.kind == "share":
            return f">= {self.limit:.1%} of {STATIC}"
        if self.kind == "median":
            return f"median < {self.limit:.0f} ms"
        return f"median <= {self.limit:.0%} of {self.versus}"

    def check(self, results: dict) -> tuple[str, bool | None]:
        """What was measured, and whether it passes (None: not measured)."""
        measured = results.get(self.key)
        if measured is None:
            return "not measured", None
        if self.kind == "share":
            static = results.get(STATIC)
            if not static or not static["rps"]:
                return "not measured", None
            share = measured["rps"] / static["rps"]
            return f"{share:.1%}", share >= self.limit
        if self.kind == "median":
            p50 = measured["p50_ms"]
            return f"{p50:.1f} ms", p50 < self.limit
        before = results.get(self.versus)
        if before is None:
            return "not measured", None
        ratio = measured["p50_ms"] / before["p50_ms"]
        return (
            f"{measured['p50_ms']:.1f} vs {before['p50_ms']:.1f} ms ({ratio:.0%})",
            ratio <= self.limit,
        )


TARGETS = [
    Target("Cached article", "article:cached", "share", 0.70),
    Target("Uncached article", "article:uncached", "share", 0.025),
    Target("Donate click, a new visitor each", "donate_click", "share", 0.50),
    Target(
        "Research hub, two filters, 1 connection",
        "research_hub_filtered:uncached:1conn",
        "median",
        100,
    ),
    Target("Search, 1 connection", "search:uncached:1conn", "median", 100),
    Target("Fundraising report, 1,000,000 clicks", "donation_report", "median", 500),
    Target(
        "Uncached article vs before, 1 connection",
        "article:uncached:1conn",
        "halved",
        0.5,
        versus="article:before:1conn",
    ),
]


def checked_targets(results: dict) -> list[dict]:
    checked = []
    for target in TARGETS:
        measured, passed = target.check(results)
        checked.append(
            {
                "target": target.label,
                "key": target.key,
                "goal": target.goal(),
                "measured": measured,
                "passed": passed,
            }
        )
    return checked


def document(meta: dict, results: dict) -> dict:
    return {"meta": {**meta, "targets": checked_targets(results)}, "results": results}


def write(path: Path, meta: dict, results: dict) -> dict:
    data = document(meta, results)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return data


def _number(value, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def table(results: dict) -> str:
    """The results, one line each, with each row's share of static_css's rps
    (rows at the same number of connections)."""
    static = results.get(STATIC) or {}
    static_rps = static.get("rps")
    lines = [
        f"{'row':<38} {'conns':>5} {'req/s':>9} {'% static':>9} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>6} {'queries':>7}"
    ]
    for key, result in results.items():
        # Only rows loaded like the static file compare with it.
        comparable = result["connections"] == static.get("connections")
        share = (
            f"{result['rps'] / static_rps:.1%}"
            if static_rps and result["rps"] is not None and comparable
            else "-"
        )
        lines.append(
            f"{key:<38} {_number(result['connections']):>5} "
            f"{_number(result['rps']):>9} {share:>9} "
            f"{_number(result['p50_ms'], 1):>8} {_number(result['p99_ms'], 1):>8} "
            f"{result['errors']:>6} {_number(result['queries']):>7}"
        )
    return "\n".join(lines)


def targets_table(checked: list[dict]) -> str:
    lines = [f"{'target':<44} {'goal':<42} {'measured':<26} result"]
    for target in checked:
        result = {True: "pass", False: "MISS", None: "-"}[target["passed"]]
        lines.append(
            f"{target['target']:<44} {target['goal']:<42} "
            f"{target['measured']:<26} {result}"
        )
    return "\n".join(lines)
