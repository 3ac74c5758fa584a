import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from donations.choices import DeviceClass, Frequency, Placement
from donations.insights.rollup import roll_up, uk_today
from donations.links import CONTROL_VARIANT
from donations.models import (
    AttributionSource,
    CallToActionTest,
    DonatePage,
    DonationCallToAction,
    DonationClick,
    DonationImpression,
    Gift,
    GiftStatus,
)

# Demo rows are told apart by their visitor hash: real hashes are hexadecimal,
# so they can never start with "demo".
DEMO_PREFIX = "demo"
# Demo gifts are told apart by their provider.
DEMO_PROVIDER = "demo"
DEVICES = [DeviceClass.MOBILE] * 6 + [DeviceClass.DESKTOP] * 3 + [DeviceClass.TABLET]


class Command(BaseCommand):
    help = (
        "Generate a few weeks of made-up donate clicks, impressions and gifts for "
        "the demo calls to action, and roll them up, so the fundraising report has "
        "something to show. Safe to run again: does nothing when demo activity "
        "exists, unless --refresh."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=9)
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Delete earlier demo activity and generate it again.",
        )

    @transaction.atomic
    def handle(self, *args, weeks=9, refresh=False, **options):
        demo_clicks = DonationClick.objects.filter(visitor_hash__startswith=DEMO_PREFIX)
        if demo_clicks.exists() and not refresh:
            self.stdout.write("Donations: demo clicks and impressions already exist.")
            return
        placements = self.placements()
        if not placements:
            self.stdout.write("Donations: no live calls to action; no demo activity.")
            return
        if refresh:
            # Impressions are aggregates and cannot be told apart from real ones:
            # a refresh replaces every count for the demo calls to action.
            demo_clicks.delete()
            Gift.objects.filter(provider=DEMO_PROVIDER).delete()
            DonationImpression.objects.filter(
                call_to_action__in={cta for cta, _, _ in placements}
            ).delete()

        rng = random.Random(2026)
        self.generated_at = timezone.now()
        now = self.generated_at.replace(minute=0, second=0, microsecond=0)
        tests = {
            test.call_to_action_id: test
            for test in CallToActionTest.objects.filter(ended_at__isnull=True)
        }
        impressions, clicks = [], []
        for hours_ago in range(weeks * 7 * 24, 0, -1):
            hour = now - timedelta(hours=hours_ago)
            # Busier in the evening (UK time), quiet overnight.
            local_hour = timezone.localtime(hour).hour
            busyness = 0.1 if local_hour < 7 else (1.6 if local_hour >= 18 else 1.0)
            for cta, placement, page in placements:
                seen = int(
                    rng.gauss(12, 4) * busyness * (1.5 if placement == "home" else 1)
                )
                if seen <= 0:
                    continue
                rate = 0.045 if placement == Placement.BODY else 0.02
                test = tests.get(cta.pk)
                if test is not None and hour >= test.started_at:
                    arms = self.test_arms(rng, test, seen)
                else:
                    arms = [(CONTROL_VARIANT, 0, False, seen, 1.0)]
                for variant, ab_test, assigned, number, lift in arms:
                    impressions.append(
                        DonationImpression(
                            hour=hour,
                            call_to_action=cta,
                            variant=variant,
                            ab_test=ab_test,
                            assigned=assigned,
                            placement=placement,
                            source_page=page,
                            count=number,
                        )
                    )
                    for _ in range(
                        sum(rng.random() < rate * lift for _ in range(number))
                    ):
                        clicks.extend(
                            self.clicks(
                                rng,
                                hour,
                                cta,
                                placement,
                                page,
                                variant,
                                ab_test,
                                assigned,
                            )
                        )
                if test is not None and hour >= test.started_at and rng.random() < 0.1:
                    # Someone without JavaScript, or opted out, clicks the plain
                    # control: left out of the test.
                    clicks.extend(
                        self.clicks(
                            rng, hour, cta, placement, page, CONTROL_VARIANT, test.pk
                        )
                    )
        DonationImpression.objects.bulk_create(
            impressions, batch_size=1000, ignore_conflicts=True
        )
        DonationClick.objects.bulk_create(clicks, batch_size=1000)
        gifts = self.gifts(rng, clicks, tests, now, weeks)
        Gift.objects.bulk_create(gifts, batch_size=1000)
        # Days already rolled up are written again from the new rows.
        first = timezone.localdate(now - timedelta(weeks=weeks))
        roll_up(first + timedelta(days=n) for n in range((uk_today() - first).days))
        self.stdout.write(
            f"Donations: {len(clicks)} demo clicks, "
            f"{sum(i.count for i in impressions)} impressions and {len(gifts)} gifts "
            f"over {weeks} weeks."
        )

    def gifts(self, rng, clicks, tests, now, weeks) -> list[Gift]:
        """About one click in four goes on to give, a few minutes later; a few
        gifts a day come straight from the donate page. In the A/B test, the
        variants clicked more give smaller gifts, so clicks and money disagree
        as they do in real appeals."""
        by_test = {test.pk: test for test in tests.values()}
        gifts = []
        for click in clicks:
            if click.is_bot or click.is_duplicate or rng.random() > 0.25:
                continue
            shrink = 1.0
            test = by_test.get(click.ab_test)
            if (
                click.assigned
                and test is not None
                and click.variant in test.variant_keys
            ):
                shrink = 1 / (1 + 0.7 * test.variant_keys.index(click.variant))
            # Checkout starts three minutes before the gift, never before the click.
            given = click.clicked_at + timedelta(minutes=rng.randrange(3, 20))
            gifts.append(
                self.gift(
                    rng,
                    given,
                    shrink,
                    source=AttributionSource.BUTTON,
                    call_to_action=click.call_to_action,
                    variant=click.variant,
                    ab_test=click.ab_test,
                    assigned=click.assigned,
                    placement=click.placement,
                    source_page=click.source_page,
                    clicked_at=click.clicked_at,
                )
            )
        donate_page = DonatePage.objects.live().first()
        for day in range(weeks * 7):
            for _ in range(rng.randrange(0, 4)):
                given = now - timedelta(days=day, minutes=rng.randrange(24 * 60))
                gifts.append(
                    self.gift(
                        rng,
                        given,
                        source=AttributionSource.DONATE_PAGE,
                        source_page=donate_page,
                    )
                )
        return [gift for gift in gifts if gift.given_at <= self.generated_at]

    def gift(self, rng, given, shrink=1.0, **attribution) -> Gift:
        monthly = rng.random() < 0.3
        pounds = rng.choice([5, 10, 10, 20] if monthly else [10, 25, 25, 50, 100])
        pounds = max(2, round(pounds * shrink))
        return Gift(
            provider=DEMO_PROVIDER,
            payment_id=f"demo_{rng.getrandbits(96):024x}",
            status=GiftStatus.PAID,
            amount_pence=pounds * 100,
            frequency=Frequency.MONTHLY if monthly else Frequency.ONE_OFF,
            gift_aid=rng.random() < 0.45,
            started_at=given - timedelta(minutes=3),
            given_at=given,
            **attribution,
        )

    def placements(self) -> list[tuple[DonationCallToAction, str, Page]]:
        """Where the demo calls to action would be seen on the demo site."""
        ctas = {cta.slug: cta for cta in DonationCallToAction.objects.filter(live=True)}
        default = ctas.get("donate-now") or next(iter(ctas.values()), None)
        if default is None:
            return []
        pages = Page.objects.live().filter(depth__gt=2)
        articles = list(
            pages.filter(
                content_type__model__in=["articlepage", "researchprojectpage"]
            ).order_by("path")[:12]
        ) or list(pages.filter(content_type__model="topicindexpage")[:3])
        placements = [(default, Placement.FOOT, page) for page in articles]
        home = Page.objects.live().filter(depth=2).first()
        if home is not None:
            placements.append((default, Placement.HOME, home))
        article_cta = ctas.get("immune-system-article")
        immune = pages.filter(slug="immune-system-and-ms").first()
        if article_cta is not None and (immune or articles):
            placements.append((article_cta, Placement.BODY, immune or articles[0]))
        return placements

    def test_arms(self, rng, test, seen) -> list[tuple]:
        """Page views split at random between a test's versions; in the demo,
        each variant is clicked a little more than the one before it."""
        keys = test.variant_keys
        counts = [0] * len(keys)
        for _ in range(seen):
            counts[rng.randrange(len(keys))] += 1
        return [
            (key, test.pk, True, count, 1.0 + 0.5 * index)
            for index, (key, count) in enumerate(zip(keys, counts, strict=True))
            if count
        ]

    def clicks(
        self,
        rng,
        hour,
        cta,
        placement,
        page,
        variant=CONTROL_VARIANT,
        ab_test=0,
        assigned=False,
    ) -> list[DonationClick]:
        at = hour + timedelta(seconds=rng.randrange(3600))
        visitor = f"{DEMO_PREFIX}{rng.getrandbits(108):027x}"
        bot = rng.random() < 0.04
        row = {
            "call_to_action": cta,
            "variant": variant,
            "ab_test": ab_test,
            "assigned": assigned,
            "placement": placement,
            "source_page": page,
            "device_class": DeviceClass.OTHER if bot else rng.choice(DEVICES),
            "visitor_hash": visitor,
            "is_bot": bot,
        }
        rows = [DonationClick(clicked_at=at, **row)]
        # Now and then someone clicks again a few minutes later, unless that
        # would be later than now: the report never shows clicks to come.
        if rng.random() < 0.08:
            later = at + timedelta(minutes=rng.randrange(1, 25))
            if later <= self.generated_at:
                rows.append(DonationClick(clicked_at=later, is_duplicate=True, **row))
        return rows
