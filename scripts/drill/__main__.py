"""`make drill`: the site as production runs it, with visitors on it, loses
PostgreSQL for 10 s and then Redis for 10 s. Afterwards every donate click
the site redirected must be stored exactly once (after the documented
`replay_donation_clicks`), and no visitor may have seen a server error or
been unable to give.

Everything runs on servers of its own: a throwaway PostgreSQL cluster
("drill", port 25431), a redis-server on 6391 and gunicorn (2 workers, the
production settings, behind a pretend proxy: TRUSTED_PROXY_COUNT=1) on 8732,
plus the replay worker (`replay_donation_clicks --every 2`). All are stopped,
and the cluster dropped, however the drill ends. Logs stay in var/drill/.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time

from .load import Load
from .processes import BIN, ROOT, Cluster, Redis, Site, manage, why_no_clusters
from .report import Verdict, say

CLUSTER = Cluster("drill", 25431)
REDIS_PORT = 6391
SITE_PORT = 8732
OUTAGE_SECONDS = 10
SETTLE_SECONDS = 5
WORK = ROOT / "var" / "drill"


def main() -> int:
    reason = why_no_clusters()
    if reason:
        say(f"make drill {reason}.")
        return 2
    shutil.rmtree(WORK, ignore_errors=True)
    env = site_env()
    redis = Redis(REDIS_PORT, WORK / "redis")
    site = Site(SITE_PORT, env, WORK / "gunicorn.log", workers=2)
    replayer = None
    # A stopped drill (Ctrl-C, a kill from make) still cleans up.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    started = time.monotonic()
    try:
        prepare(env, redis, site)
        replayer = start_replayer(env)
        load = Load(site.url, *targets(env))
        # Served once with everything up, as the donate page always has been
        # before an outage: that is when it keeps its copy.
        load.warm_up()
        load.start()
        timings = run_outages(load, redis)
        load.stop()
        died = replayer.poll() is not None
        stop(replayer)
        replay = manage(env, "replay_donation_clicks")
        verdict = Verdict(load, stored_clicks(), replay, replayer_died=died)
        verdict.report(timings)
        say(f"The drill took {time.monotonic() - started:.0f} s; logs in {WORK}.")
        return 0 if verdict.passed else 1
    finally:
        stop(replayer)
        site.stop()
        redis.stop()
        CLUSTER.drop()


def site_env() -> dict:
    """The production settings, pointed at the drill's own servers."""
    return {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "ms_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": CLUSTER.url,
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "TRUSTED_PROXY_COUNT": "1",
        "DONATION_ALLOWED_HOSTS": "donate.example.org",
        "DONATION_SPOOL_FILE": str(WORK / "donation-clicks.jsonl"),
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
    }


def prepare(env: dict, redis: Redis, site: Site) -> None:
    say("Preparing: a PostgreSQL cluster on 25431, migrations, the demo content,")
    say("static files, Redis on 6391 and gunicorn on 8732 (a few minutes).")
    CLUSTER.create()
    redis.start()
    for command in (
        ["migrate", "--no-input"],
        ["load_demo_content"],
        ["collectstatic", "--no-input"],
    ):
        result = manage(env, *command, "--verbosity", "0")
        if result.returncode:
            raise RuntimeError(f"manage.py {command[0]} failed:\n{result.stderr}")
    site.start()
    site.wait_until_ready()


def start_replayer(env: dict) -> subprocess.Popen:
    """The replay worker the README asks production to run."""
    process = subprocess.Popen(
        [str(BIN / "python"), "manage.py", "replay_donation_clicks", "--every", "2"],
        cwd=ROOT,
        env=env,
        stdout=(WORK / "replayer.log").open("ab", buffering=0),
        stderr=subprocess.STDOUT,
    )
    (WORK / "replayer.pid").write_text(f"{process.pid}\n")
    return process


def targets(env: dict):
    """The pages visitors ask for, and the donate link numbered clicks follow."""
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from donations.links import ClickLink
    from donations.models import DonatePage, DonationCallToAction
    from pages.models import ArticlePage

    donate = DonatePage.objects.live().first()
    article = ArticlePage.objects.live().first()
    cta = DonationCallToAction.objects.filter(live=True).order_by("pk").first()
    pages = {
        "home page": "/",
        "article": article.url,
        "donate page": donate.url,
        "give/ hand-off": donate.url + "give/?frequency=one-off&amount=25",
    }
    connections.close_all()  # nothing of the drill's own waits on the outage

    def click_path(number: int) -> str:
        link = ClickLink(
            cta_id=cta.pk,
            placement="body",
            page_id=article.pk,
            destination=donate.url,
            campaign="drill",
            variant=f"drill-{number}",
        )
        return link.url()

    return pages, click_path


def run_outages(load: Load, redis: Redis) -> list[tuple[str, float]]:
    """Each phase and how long it lasted (a stop or start counts in its outage)."""
    timings = []

    def phase(name: str, seconds: float, begin=None, end=None) -> None:
        load.phase = name
        began = time.monotonic()
        if begin:
            begin()
        time.sleep(seconds)
        if end:
            end()
        timings.append((name, time.monotonic() - began))
        say(f"  {name}: {timings[-1][1]:.1f} s")

    phase("all up", SETTLE_SECONDS)
    phase("PostgreSQL stopped", OUTAGE_SECONDS, CLUSTER.stop, CLUSTER.start)
    phase("PostgreSQL back", SETTLE_SECONDS)
    phase("Redis stopped", OUTAGE_SECONDS, redis.stop, redis.start)
    phase("Redis back", SETTLE_SECONDS)
    return timings


def stored_clicks() -> dict[int, int]:
    """How many rows each numbered drill click has."""
    from django.db.models import Count

    from donations.models import DonationClick

    rows = (
        DonationClick.objects.filter(variant__startswith="drill-")
        .values_list("variant")
        .annotate(rows=Count("pk"))
    )
    return {int(variant.removeprefix("drill-")): count for variant, count in rows}


def stop(replayer: subprocess.Popen | None) -> None:
    if replayer and replayer.poll() is None:
        replayer.terminate()
        replayer.wait(timeout=15)
    (WORK / "replayer.pid").unlink(missing_ok=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
