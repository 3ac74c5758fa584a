from django.conf import settings
from django.db import models
from django.utils import timezone

from ..links import CONTROL_VARIANT
from .snippets import DonationCallToAction, Version


class ABTestOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    KEPT = "kept", "Ended, one version kept"
    STOPPED = "stopped", "Stopped"


class CallToActionTest(models.Model):
    """An A/B test of a call to action: from the publish that put its variants
    live to the decision (or the edit) that ended it.

    `versions` keeps what each arm showed, so the test can still be read after
    its variants are gone; `results` freezes its figures when it ends.
    """

    call_to_action = models.ForeignKey(
        DonationCallToAction, on_delete=models.CASCADE, related_name="ab_tests"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        max_length=10, choices=ABTestOutcome.choices, default=ABTestOutcome.RUNNING
    )
    stop_reason = models.CharField(max_length=200, blank=True)
    kept_variant = models.CharField(max_length=20, blank=True)
    versions = models.JSONField(default=list)
    results = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "A/B test"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_to_action"],
                condition=models.Q(ended_at__isnull=True),
                name="donations_one_running_test_per_cta",
            )
        ]

    def __str__(self) -> str:
        return f"A/B test of {self.call_to_action} from {self.started_at:%d/%m/%Y}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None

    def get_versions(self) -> list[Version]:
        return [Version.from_dict(data) for data in self.versions]

    def version(self, key: str) -> Version | None:
        return next((v for v in self.get_versions() if v.key == key), None)

    @property
    def kept_version(self) -> Version | None:
        return self.version(self.kept_variant) if self.kept_variant else None

    @property
    def variant_keys(self) -> list[str]:
        return [data["key"] for data in self.versions]

    @property
    def has_variants(self) -> bool:
        return any(key != CONTROL_VARIANT for key in self.variant_keys)
