from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from pages.models import ArticlePage
from pages.provenance import SCHEDULE_REFUSED_LOG_ACTION, missing_provenance


class Command(WagtailCommand):
    """Wagtail's publish_scheduled, refusing articles that lack their provenance.

    ArticlePage.publish refuses them anyway; this takes them out of the queue
    first, with a message and a history entry, so one incomplete article
    does not stop the others from going live.
    """

    def handle(self, *args, **options):
        if not options.get("dryrun"):
            self.unschedule_articles_missing_provenance()
        super().handle(*args, **options)

    def unschedule_articles_missing_provenance(self) -> None:
        due = Revision.objects.filter(
            approved_go_live_at__lt=timezone.now(),
            content_type=ContentType.objects.get_for_model(ArticlePage),
        )
        for revision in due:
            page = revision.as_object()
            problems = missing_provenance(page)
            if not problems:
                continue
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            reason = " ".join(problems.values())
            log(
                instance=page,
                action=SCHEDULE_REFUSED_LOG_ACTION,
                revision=revision,
                data={"reason": reason},
            )
            self.stderr.write(f"Not published: '{page.title}' (id {page.pk}). {reason}")
