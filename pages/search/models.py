from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

# Longest query text kept in the log: enough to see the gap, not a life story.
MAX_LOGGED_LENGTH = 100


class NoResultsSearch(models.Model):
    """How often a query found nothing on one day; nothing about who searched."""

    query_string = models.CharField(max_length=MAX_LOGGED_LENGTH)
    date = models.DateField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "search with no results"
        verbose_name_plural = "searches with no results"
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "date"], name="unique_no_results_search_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.query_string} ({self.date:%d/%m/%Y})"

    @classmethod
    def record(cls, query_string: str, date=None) -> None:
        """Count one more search for `query_string` today, safe under races."""
        date = date or timezone.localdate()
        rows = cls.objects.filter(query_string=query_string, date=date)
        if rows.update(hits=F("hits") + 1):
            return
        try:
            with transaction.atomic():
                cls.objects.create(query_string=query_string, date=date, hits=1)
        except IntegrityError:
            # Another request created today's row between our update and create.
            rows.update(hits=F("hits") + 1)
