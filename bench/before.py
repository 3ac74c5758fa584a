"""The site as it was at another commit (`make bench BEFORE=<commit>`), for
before-and-after figures in one session: a throwaway git worktree under /tmp,
the same venv, a database of its own with that commit's demo content, and
gunicorn on its own port. Its cache is each worker's memory: an older
commit's entries must not meet this one's in Redis (that only flatters the
older code, which gets the faster cache)."""

import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .database import ensure_database
from .environment import ROOT, server_environment
from .servers import gunicorn


def _run(arguments: list[str], directory: Path, environment=None) -> None:
    finished = subprocess.run(
        arguments, cwd=directory, env=environment, capture_output=True, text=True
    )
    if finished.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{finished.stderr[-2000:]}")


@contextmanager
def before_server(
    commit: str, database_url: str, port: int, python: Path, log: Path, write
):
    resolved = subprocess.run(
        ["git", "rev-parse", "--verify", f"{commit}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if resolved.returncode != 0:
        raise RuntimeError(f"BEFORE={commit}: no such commit.")
    sha = resolved.stdout.strip()
    worktree = Path(tempfile.mkdtemp(prefix="ms-portal-before-"))
    _run(["git", "worktree", "add", "--detach", str(worktree), sha], ROOT)
    try:
        environment = server_environment(database_url, None, page_cache=False)
        environment["STATIC_ROOT"] = str(worktree / "staticfiles")
        ensure_database(database_url)
        write(f"  {sha[:10]}: migrate, demo content, collectstatic…")
        manage = [str(python), "manage.py"]
        _run([*manage, "migrate", "--no-input"], worktree, environment)
        _run([*manage, "load_demo_content"], worktree, environment)
        _run([*manage, "collectstatic", "--no-input"], worktree, environment)
        with gunicorn(
            "before", port, environment, worktree, python, f"commit {sha[:10]}", log
        ) as server:
            yield server, sha
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(worktree)],
            cwd=ROOT,
            capture_output=True,
        )
        shutil.rmtree(worktree, ignore_errors=True)
