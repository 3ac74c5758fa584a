import pytest

from bench import clicks
from donations.models import DonationClick
from tests.factories.donations import DonationClickFactory

pytestmark = pytest.mark.django_db


def test_the_runs_clicks_are_removed_and_the_generated_ones_kept():
    generated = DonationClickFactory.create_batch(2)
    newest_before = clicks.newest()
    DonationClickFactory.create_batch(3)  # the run's

    assert clicks.remove_after(newest_before) == 3
    assert list(DonationClick.objects.order_by("id")) == generated
