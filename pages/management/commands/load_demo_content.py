from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail import hooks

from pages import demo


class Command(BaseCommand):
    help = (
        "Create the demo site: home page, topic hubs, articles, research and donate "
        "pages. Safe to run again: what exists is kept unless --refresh is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Rewrite existing demo pages with the latest demo text.",
        )

    @transaction.atomic
    def handle(self, *args, refresh=False, **options):
        home = demo.load(self.stdout, refresh=refresh)
        # research and donations add their part through this hook, since
        # pages must not import them.
        for load_app_demo in hooks.get_hooks("load_demo_content"):
            load_app_demo(home, self.stdout, refresh=refresh)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
