"""Giving through a real database outage: the site under gunicorn, on a
throwaway PostgreSQL cluster that the test stops and starts again.

test_giving_offline.py fakes the outage inside one process; this proves the
same end to end, and that the click spooled meanwhile is stored once the
database is back (`make drill` does it under load, with Redis too).
"""

import os
from urllib.parse import parse_qs, urlsplit

from django.db import connection

import psycopg2
import pytest

from donations.choices import Placement
from donations.links import ClickLink
from donations.models import DonationClick
from scripts.drill.client import get
from scripts.drill.processes import Cluster, Site, manage, why_no_clusters
from tests.factories.donations import DonationCallToActionFactory

from .conftest import PROVIDER

# serialized_rollback: the migrated rows (root page, locale) come back
# after the transactional tests before it flushed them.
pytestmark = [
    pytest.mark.drill,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SITE_PORT = 8731


CLUSTER = Cluster("drilltest", 25432)


@pytest.fixture
def site_env(tmp_path) -> dict:
    reason = why_no_clusters()
    if reason:
        pytest.skip(f"Throwaway PostgreSQL clusters: {reason}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ms_portal.settings.test",
        "DATABASE_URL": CLUSTER.url,
        "DONATION_SPOOL_FILE": str(tmp_path / "var" / "clicks.jsonl"),
        "DONATION_ALLOWED_HOSTS": "donate.example.org",
    }
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture
def site(site_env, tmp_path):
    """gunicorn, starting while the cluster is made (it needs no database to)."""
    site = Site(SITE_PORT, site_env, tmp_path / "gunicorn.log")
    site.start()
    yield site
    site.stop()


@pytest.fixture
def cluster(site):
    CLUSTER.create()
    yield CLUSTER
    CLUSTER.drop()


def test_giving_carries_on_while_postgresql_is_stopped(
    site, cluster, site_env, donate_page, provider, tmp_path
):
    link = ClickLink(
        cta_id=DonationCallToActionFactory().pk,
        placement=Placement.BODY,
        page_id=donate_page.pk,
        destination=PROVIDER,
        campaign="outage",
        variant="outage-drill",
    ).url()
    # The test database as it stands (the donate page, its settings and the
    # call to action committed), copied into the cluster the site will use.
    cluster.copy_database(_conninfo(connection.settings_dict))
    give = donate_page.url + "give/?frequency=monthly&amount=10"
    site.wait_until_ready()

    assert get(site.url, donate_page.url).status == 200
    cluster.stop()
    page = get(site.url, donate_page.url)
    hand_off = get(site.url, give)
    clicked = get(site.url, link)
    cluster.start()
    spooled = (tmp_path / "var" / "clicks.jsonl").read_text().splitlines()
    replay = manage(site_env, "replay_donation_clicks")

    assert page.status == 200
    assert donate_page.title in page.body
    assert 'action="/donate/give/"' in page.body
    assert hand_off.status == 302
    assert hand_off.location.startswith(PROVIDER)
    query = parse_qs(urlsplit(hand_off.location).query)
    assert query["amount"] == ["10"]
    assert query["frequency"] == ["monthly"]
    assert clicked.status == 302
    assert clicked.location.startswith(PROVIDER)
    assert len(spooled) == 1
    assert replay.returncode == 0, replay.stderr
    assert "Stored 1 spooled clicks" in replay.stdout
    assert _stored_variants(cluster) == ["outage-drill"]


def _conninfo(database: dict) -> str:
    """libpq's form of Django's connection settings (host empty: the socket)."""
    parts = {
        "dbname": database["NAME"],
        "user": database["USER"],
        "password": database["PASSWORD"],
        "host": database["HOST"],
        "port": database["PORT"],
    }
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def _stored_variants(cluster) -> list[str]:
    with psycopg2.connect(cluster.url) as db, db.cursor() as cursor:
        cursor.execute(f"SELECT variant FROM {DonationClick._meta.db_table}")
        return [variant for (variant,) in cursor.fetchall()]
