"""The servers a bench run measures, each a base URL.

The bench starts its own gunicorns (and stops them however the run ends);
a server someone else runs, such as a Varnish in front of the site, is a
base URL in the environment, and its rows are skipped with a note when it
does not answer.
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .environment import PROXY_HEADERS

WORKERS = 2


@dataclass(frozen=True)
class Server:
    name: str
    base_url: str
    description: str


def answers(base_url: str, timeout: float = 2) -> bool:
    """Whether anything answers HTTP at base_url (any status counts)."""
    request = urllib.request.Request(base_url + "/healthz", headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def gunicorn(
    name: str,
    port: int,
    environment: dict[str, str],
    directory: Path,
    python: Path,
    description: str,
    log: Path,
):
    """gunicorn with 2 sync workers on 127.0.0.1:port until the block ends."""
    base_url = f"http://127.0.0.1:{port}"
    if answers(base_url, timeout=0.5):
        raise RuntimeError(f"Port {port} is taken: stop what runs there first.")
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [
                str(python),
                "-m",
                "gunicorn",
                "ms_portal.wsgi",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{port}",
                "--timeout=60",
            ],
            cwd=directory,
            env=environment,
            stdout=output,
            stderr=output,
            start_new_session=True,  # its own group, so the workers stop with it
        )
    try:
        deadline = time.monotonic() + 60
        while not answers(base_url, timeout=1):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn ({name}) did not start: see {log}")
            time.sleep(0.3)
        yield Server(name, base_url, description)
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
