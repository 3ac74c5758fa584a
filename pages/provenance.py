"""The publish rule for health information: who checked it, when, and on what.

The Patient Information Forum's PIF TICK asks every health page to show its
sources, its reviewer and its review dates, and to be reviewed at least every
three years. One function says what is missing, so the admin form, workflow
approval, scheduled publishing and the demo command all apply the same rule.
"""

import calendar
import datetime

from django.core.exceptions import PermissionDenied

MAX_REVIEW_PERIOD_MONTHS = 36

# Entries in a page's history (Wagtail's audit log).
CLINICAL_REVIEW_LOG_ACTION = "pages.clinical_review"
SCHEDULE_REFUSED_LOG_ACTION = "pages.schedule.refused"

MISSING_REVIEWER = "Choose the clinical reviewer who checked this article."
MISSING_REVIEW_DATE = "Enter the date the article was last reviewed."
MISSING_SOURCE = "Add at least one source."


def add_months(date: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it is shorter."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(
        year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1])
    )


def missing_provenance(page, source_count: int | None = None) -> dict[str, str]:
    """What stops `page` being published, by field name; empty when nothing does.

    `source_count` lets a form count the sources being submitted rather than
    the saved ones.
    """
    if source_count is None:
        source_count = len([source for source in page.sources.all() if source.title])
    problems = {}
    if not page.reviewer_id:
        problems["reviewer"] = MISSING_REVIEWER
    if not page.last_reviewed:
        problems["last_reviewed"] = MISSING_REVIEW_DATE
    if not source_count:
        problems["sources"] = MISSING_SOURCE
    return problems


class ProvenanceError(PermissionDenied):
    """Publishing refused: the article lacks a reviewer, review date or source.

    A PermissionDenied, so a route without its own form check answers with a
    refusal rather than a server error.
    """

    def __init__(self, page, problems: dict[str, str]):
        self.page = page
        self.problems = problems
        super().__init__(
            f"'{page.title}' cannot be published yet: " + " ".join(problems.values())
        )

    @classmethod
    def check(cls, page) -> None:
        if problems := missing_provenance(page):
            raise cls(page, problems)
