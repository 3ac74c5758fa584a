"""The benchmark command, at a small scale: it generates the data set in its
own database, times the report, and leaves the test database alone."""

import re
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest

from donations.models import DonationClick

pytestmark = pytest.mark.django_db


def database_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def test_benchmark_generates_the_data_set_elsewhere_and_times_the_report():
    out = StringIO()
    name = f"{connection.settings_dict['NAME']}_benchmark"

    call_command(
        "benchmark_donation_report",
        "--clicks=3000",
        "--impressions=40000",
        "--gifts=500",
        "--ctas=20",
        "--pages=40",
        "--days=40",
        "--repeat=1",
        stdout=out,
    )

    output = out.getvalue()
    assert "click rows: 3,000" in output
    assert "impressions: 40,000" in output
    assert re.search(r"gifts: (500|49\d)\n", output)  # less any given after now
    assert "A year (custom dates): median" in output
    # CPU time beside wall time, and how busy the machine was.
    assert re.search(r"Last 30 days: median \d+ ms, .*; CPU app \d+ ms", output)
    assert "Load average before: " in output
    assert "XLSX download" in output
    assert "PostgreSQL: 15" in output or "PostgreSQL:" in output
    assert not DonationClick.objects.exists()  # nothing in the test database
    assert not database_exists(name)  # dropped afterwards


def test_benchmark_refuses_a_scale_too_small_to_mean_anything():
    with pytest.raises(CommandError, match="at least 14 calls to action"):
        call_command("benchmark_donation_report", "--ctas=5", stdout=StringIO())
