"""Lighthouse (mobile) on each page type of a running site: `make lighthouse`.

Runs Debian's Chromium headless through the Lighthouse in node_modules (see
package.json), one page at a time, prints the four scores per page and writes
the reports to lighthouse-reports/ (git-ignored). Exits 1 when a page scores
under the targets: performance 95, accessibility 100, best practices and
SEO 90 (but on search results), and a cumulative layout shift under 0.01.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
REPORTS = ROOT / "lighthouse-reports"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
PAGES = {
    "home": "/",
    "article": "/about-ms/immune-system-and-ms/",
    "topic_hub": "/treatments/",
    "research_hub": "/research/",
    "project": "/research/hercules/",
    "stories": "/stories/",
    "story": "/stories/amara-learning-to-listen/",
    "donate": "/donate/",
    "search": "/search/?q=myelin",
}
TARGETS = {
    "performance": 0.95,
    "accessibility": 1.0,
    "best-practices": 0.9,
    "seo": 0.9,
}
# Search results are kept out of search engines on purpose (robots.txt), which
# Lighthouse's SEO score counts against them: no SEO target there.
NOT_INDEXED = {"search"}
# Nothing may move once the page has drawn (scripts change nothing on screen).
MAX_LAYOUT_SHIFT = 0.01


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run(base: str, name: str, path: str) -> dict[str, float | None]:
    """One page's scores; a second try when Lighthouse's own tracing fails
    (NO_NAVSTART and the like happen now and then under headless Chromium)."""
    try:
        return run_once(base, name, path)
    except (subprocess.CalledProcessError, LighthouseError) as error:
        say(f"{name}: {error}; trying once more")
        return run_once(base, name, path)


class LighthouseError(RuntimeError):
    pass


def run_once(base: str, name: str, path: str) -> dict[str, float | None]:
    output = REPORTS / name
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(LIGHTHOUSE),
                base + path,
                "--quiet",
                "--output=json",
                "--output=html",
                f"--output-path={output}",
                "--only-categories=" + ",".join(TARGETS),
                f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
            ],
            check=True,
            env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"},
        )
    report = json.loads((REPORTS / f"{name}.report.json").read_text())
    if report.get("runtimeError"):
        raise LighthouseError(report["runtimeError"]["message"])
    scores = {key: c["score"] for key, c in report["categories"].items()}
    shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
    return {**scores, "cls": shift}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8720")
    parser.add_argument("pages", nargs="*", help=f"some of: {', '.join(PAGES)}")
    options = parser.parse_args()
    unknown = set(options.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    base = options.base.rstrip("/")
    try:
        urllib.request.urlopen(base + "/livez", timeout=5)
    except OSError:
        say(f"lighthouse: nothing answers at {base}; start it with: make stack")
        return 1
    REPORTS.mkdir(exist_ok=True)
    failed = False
    say(f"{'page':<14}{'perf':>6}{'a11y':>6}{'best':>6}{'seo':>6}{'CLS':>8}")
    for name in options.pages or PAGES:
        scores = run(base, name, PAGES[name])
        low = [
            k
            for k, target in TARGETS.items()
            if (scores[k] or 0) < target and not (k == "seo" and name in NOT_INDEXED)
        ]
        failed |= bool(low) or scores["cls"] >= MAX_LAYOUT_SHIFT
        cells = "".join(f"{round((scores[k] or 0) * 100):>6}" for k in TARGETS)
        note = f"   under target: {', '.join(low)}" if low else ""
        say(f"{name:<14}{cells}{scores['cls']:>8.3f}{note}")
    say(f"Reports: {REPORTS.relative_to(ROOT)}/<page>.report.html")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
