import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pages.models import TopicIndexPage
from pages.search.benchmark import create_articles, time_searches


class Command(BaseCommand):
    help = (
        "Create many articles in bulk (rolled back unless --keep) and time the "
        "search page over them: median and worst time, and database queries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument(
            "--keep", action="store_true", help="Keep the articles afterwards."
        )

    def handle(self, *args, articles, runs, keep, **options):
        hub = TopicIndexPage.objects.live().order_by("path").first()
        if hub is None:
            raise CommandError("Needs a topic hub: run load_demo_content first.")
        with transaction.atomic():
            started = time.perf_counter()
            create_articles(hub, articles)
            took = time.perf_counter() - started
            self.stdout.write(
                f"Created {articles} articles under {hub} in {took:.1f} s."
            )
            self.stdout.write(
                f"{'':<18} {'after a publish':^28} {'asked again':^28}\n"
                f"{'query':<18}" + f" {'median':>9} {'worst':>9} {'queries':>8}" * 2
            )
            for row in time_searches(runs=runs):
                self.stdout.write(
                    f"{row['query']:<18}"
                    + "".join(
                        f" {row[f'{kind}_median_ms']:>7.0f}ms"
                        f" {row[f'{kind}_worst_ms']:>7.0f}ms"
                        f" {row[f'{kind}_queries']:>8}"
                        for kind in ("fresh", "kept")
                    )
                    + ("" if row["status"] == 200 else f"  (HTTP {row['status']})")
                )
            if not keep:
                transaction.set_rollback(True)
                self.stdout.write("Rolled back: no articles were kept.")
