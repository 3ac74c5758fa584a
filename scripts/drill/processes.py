"""What a drill starts and stops: a throwaway PostgreSQL cluster, a Redis of
its own and the site under gunicorn. Never the machine's shared servers."""

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
THROWAWAY = ROOT / "scripts" / "throwaway-postgres.sh"


def why_no_clusters() -> str | None:
    """Why throwaway clusters cannot be made here, or None when they can."""
    if shutil.which("pg_createcluster") is None:
        return "needs Debian's pg_createcluster (apt-get install -y postgresql)"
    if os.geteuid() != 0:
        return "needs root: pg_createcluster writes under /etc/postgresql"
    return None


@dataclass
class Cluster:
    """A PostgreSQL cluster of its own (scripts/throwaway-postgres.sh).

    Give it a port below Linux's ephemeral range (32768 and up): a port in
    that range can be held by any outgoing connection, and the cluster then
    fails to start."""

    name: str
    port: int

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/ms_portal"

    def create(self) -> None:
        self._run("create", str(self.port))

    def stop(self) -> None:
        self._run("stop")

    def start(self) -> None:
        self._run("start")

    def drop(self) -> None:
        self._run("drop")

    def copy_database(self, source_url: str) -> None:
        """Fill the cluster's database with a copy of another (schema and rows)."""
        dump = subprocess.Popen(
            ["pg_dump", "--no-owner", "--no-privileges", f"--dbname={source_url}"],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            ["psql", "--quiet", "--set=ON_ERROR_STOP=1", f"--dbname={self.url}"],
            stdin=dump.stdout,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        if dump.wait() != 0:
            raise RuntimeError(f"pg_dump of {source_url} failed")

    def _run(self, *args: str) -> None:
        subprocess.run(
            [str(THROWAWAY), args[0], self.name, *args[1:]],
            check=True,
            stdout=subprocess.DEVNULL,
        )


class Redis:
    """A redis-server of its own, persisting its data (an append-only file), so
    clicks queued in it survive a restart as they must in production."""

    def __init__(self, port: int, directory: Path):
        self.port = port
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        options = {
            "port": self.port,
            "bind": "127.0.0.1",
            "dir": self.directory,
            "pidfile": self.directory / "redis.pid",
            "save": "",
            "appendonly": "yes",
            "appendfsync": "always",
        }
        arguments = [part for o in options.items() for part in (f"--{o[0]}", o[1])]
        self.process = subprocess.Popen(
            ["redis-server", *map(str, arguments)],
            stdout=subprocess.DEVNULL,
        )
        _wait_for(lambda: _redis_answers(self.port), f"Redis on {self.port}")

    def stop(self) -> None:
        # SIGTERM: Redis finishes writing its append-only file and exits.
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


class Site:
    """The site under gunicorn, as the Docker image runs it."""

    def __init__(self, port: int, env: dict, log: Path, workers: int = 1):
        # scripts/drill/run.sh ends what a killed drill leaves, by these ids.
        self.pidfile = log.with_suffix(".pid")
        self.port = port
        self.env = env
        self.log = log
        self.workers = workers
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start gunicorn; wait_until_ready() waits for it to answer."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "ms_portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
                "--pid",
                self.pidfile,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab", buffering=0),
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self) -> None:
        _wait_for(self._answers, f"the site on {self.url}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            # SIGQUIT, gunicorn's quick shutdown: nothing is left to finish.
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.pidfile.unlink(missing_ok=True)  # a quick shutdown leaves it
        self.process = None

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {self.log}")
        try:
            urllib.request.urlopen(f"{self.url}/healthz", timeout=2).close()
        except urllib.error.HTTPError:
            pass  # answered: a 503 is an answer
        except OSError:
            return False
        return True


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    """A manage.py command in the site's environment; its output is returned."""
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def _redis_answers(port: int) -> bool:
    result = subprocess.run(
        ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
    )
    return result.stdout.strip() == "PONG"


def _wait_for(ready, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Gave up waiting for {what}")
        time.sleep(0.2)
