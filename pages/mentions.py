"""Find the pages that mention a medicine or trial, and mark them for urgent review.

When safety news about a treatment breaks, the content team needs every page
that names it, in its live version or its latest draft, with synonyms expanded
("Ocrevus" also finds "ocrelizumab").
"""

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from html import unescape
from operator import or_

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.fields import StreamField
from wagtail.log_actions import LogContext, log
from wagtail.models import Page, Revision

from .synonyms import expand, name_pattern

URGENT_REVIEW_LOG_ACTION = "pages.urgent_review"
# Page fields that hold addresses or bookkeeping rather than words visitors read.
NOT_CONTENT = {"slug", "url_path", "draft_title", "path"}
# Keys inside StreamField and child-object data that are not content.
STRUCTURAL_KEYS = {"type", "id", "pk", "page", "sort_order"}


@dataclass
class Mention:
    """Where one page mentions the term: field labels per version."""

    live: set[str] = field(default_factory=set)
    draft: set[str] = field(default_factory=set)

    def describe(self) -> str:
        parts = []
        if self.live:
            parts.append("Live: " + ", ".join(sorted(self.live)))
        if self.draft:
            parts.append("Draft: " + ", ".join(sorted(self.draft)))
        return "; ".join(parts)


def _strings(value):
    """Every piece of text in revision data, StreamField JSON included."""
    if isinstance(value, str):
        if value[:1] in "[{":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        yield unescape(strip_tags(value))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in STRUCTURAL_KEYS:
                yield from _strings(item)


def _content_fields(model, content: dict):
    """(label, value) for each field of a revision that visitors read."""
    for name, value in content.items():
        if name in NOT_CONTENT:
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, models.ForeignObjectRel):
            yield model_field.name.replace("_", " "), value
        elif isinstance(model_field, models.CharField | models.TextField | StreamField):
            yield model_field.verbose_name, value


def find_mentions(term: str) -> dict[int, Mention]:
    """Pages whose live version or latest draft mentions the term, by page id."""
    names = [name for name in expand(term.strip()) if name.strip()]
    if not names:
        return {}
    patterns = [name_pattern(name) for name in names]
    current = Q(pk__in=Page.objects.values("live_revision")) | Q(
        pk__in=Page.objects.values("latest_revision")
    )
    # The database narrows the revisions down; Python then matches whole words
    # in the readable fields only, so block names and addresses never count.
    revisions = (
        Revision.page_revisions.filter(current)
        .alias(text=Cast("content", TextField()))
        .filter(reduce(or_, (Q(text__icontains=name) for name in names)))
        .select_related("content_type")
    )
    pages = Page.objects.filter(
        pk__in={int(revision.object_id) for revision in revisions}
    ).values_list("pk", "live_revision_id", "latest_revision_id")
    versions = {pk: (live, latest) for pk, live, latest in pages}

    mentions: dict[int, Mention] = defaultdict(Mention)
    for revision in revisions:
        page_id = int(revision.object_id)
        live_id, latest_id = versions.get(page_id, (None, None))
        model = revision.content_type.model_class() or Page
        labels = {
            str(label).capitalize()
            for label, value in _content_fields(model, revision.content)
            if any(
                pattern.search(text) for text in _strings(value) for pattern in patterns
            )
        }
        if not labels:
            continue
        if revision.pk == live_id:
            mentions[page_id].live |= labels
        if revision.pk == latest_id and latest_id != live_id:
            mentions[page_id].draft |= labels
    return dict(mentions)


def _mark_revision(revision: Revision | None, today: datetime.date) -> None:
    if revision is not None and "next_review_due" in revision.content:
        revision.content["next_review_due"] = today.isoformat()
        revision.content["urgent_review_since"] = today.isoformat()
        revision.save(update_fields=["content"])


@transaction.atomic
def mark_for_urgent_review(pages: list, user, term: str) -> list:
    """Mark each page for urgent review, due today, live and draft alike.

    Editing the live row and the two current revisions, rather than publishing
    a new revision, leaves any draft or workflow in progress untouched.
    Returns the pages changed; pages without a review date are skipped.
    """
    today = timezone.localdate()
    marked = []
    for page in pages:
        if not hasattr(page, "next_review_due"):
            continue
        type(page).objects.filter(pk=page.pk).update(
            next_review_due=today, urgent_review_since=today
        )
        page.next_review_due = page.urgent_review_since = today
        for revision in {page.live_revision, page.latest_revision} - {None}:
            _mark_revision(revision, today)
        # One log context per page: a page's history shows the latest entry
        # per context and action across all pages, so entries sharing the
        # request's context would hide each other.
        with LogContext(user=user):
            log(
                instance=page,
                action=URGENT_REVIEW_LOG_ACTION,
                user=user,
                data={"term": term},
            )
        marked.append(page)
    transaction.on_commit(lambda: notify_owners(marked, user, term))
    return marked


@dataclass
class Recipients:
    """Who is told about which marked pages, and which pages nobody is told about."""

    by_owner: dict = field(default_factory=dict)
    # The marker's own pages: they know already, so no e-mail.
    own: list = field(default_factory=list)
    # No content owner, or one without an active account and e-mail.
    untold: list = field(default_factory=list)


def owners_to_tell(pages: list, marker) -> Recipients:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    recipients = Recipients(by_owner=defaultdict(list))
    for page in pages:
        owner = page.owner
        if owner is not None and owner == marker:
            recipients.own.append(page)
        elif not (owner and owner.is_active and owner.email):
            recipients.untold.append(page)
        else:
            recipients.by_owner[owner].append(
                {
                    "title": page.title,
                    "edit_url": base
                    + reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            )
    recipients.by_owner = dict(recipients.by_owner)
    return recipients


def notify_owners(pages: list, marker, term: str) -> None:
    """E-mail each content owner the pages of theirs marked for urgent review."""
    for owner, articles in owners_to_tell(pages, marker).by_owner.items():
        send_mail(
            subject=f"Urgent review: pages that mention {term}",
            message=render_to_string(
                "pages/emails/urgent_review.txt",
                {"owner": owner, "marker": marker, "term": term, "articles": articles},
            ),
            from_email=None,
            recipient_list=[owner.email],
        )
