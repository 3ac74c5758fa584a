"""Research projects an article names, and linking them to it in one step.

An article that names a trial ("the HERCULES trial", "NCT04411641") should
show it under "Research on this topic". The link lives on the project
(ResearchProjectPage.related_article_links), so linking changes the project's
page: the rules below are the ones its own editor would apply.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.db import transaction
from django.utils.html import strip_tags

from pages.models import ArticlePage

from .models import ProjectRelatedArticle, ResearchProjectPage
from .registries import EU_CT, EUDRACT, IRAS, ISRCTN, NCT

HYPHENS = r"\-‐‑–"  # for a character class: a hyphen, and the dashes Word makes
# Shorter names ("MS", "UK") would be found everywhere.
MIN_NAME_LENGTH = 3
LINKED_REGISTRIES = (NCT, ISRCTN, EU_CT, EUDRACT)
NAME_FIELDS = ("title", "short_name", "full_title")


def article_text(article: ArticlePage) -> str:
    """What visitors read: the title, summary, key points and body, as text."""
    texts = [article.title, article.summary]
    texts += article.key_points.stream_block.get_searchable_content(article.key_points)
    texts += article.body.stream_block.get_searchable_content(article.body)
    return " ".join(unescape(strip_tags(text)) for text in texts if text)


def name_pattern(name: str, *, ignore_case: bool) -> re.Pattern:
    """The name as a whole phrase: any run of spaces for a space, any dash for
    a dash, and never inside a longer word or name ("HERCULES-2")."""
    pattern = ""
    for character in name:
        if character.isspace():
            pattern += "" if pattern.endswith(r"\s+") else r"\s+"
        elif character in "-‐‑–":
            pattern += f"[{HYPHENS}]"
        else:
            pattern += re.escape(character)
    return re.compile(
        rf"(?<![\w{HYPHENS}]){pattern}(?![{HYPHENS}]?\w)",
        re.IGNORECASE if ignore_case else 0,
    )


def project_patterns(project: dict) -> list[re.Pattern]:
    """How an article may name the project: its titles, its short name and
    its registry numbers. A short name in capitals ("HERCULES") must be in
    capitals, as "Hercules" in prose is someone else."""
    patterns = []
    for field in NAME_FIELDS:
        name = " ".join(project[field].split())
        if sum(character.isalnum() for character in name) < MIN_NAME_LENGTH:
            continue
        acronym = field == "short_name" and name == name.upper()
        patterns.append(name_pattern(name, ignore_case=not acronym))
    for registry in LINKED_REGISTRIES:
        if identifier := project[registry.field]:
            patterns.append(name_pattern(identifier, ignore_case=True))
    if iras := project[IRAS.field]:
        # A bare number is too common: only "IRAS 1004567" or "IRAS ID: …".
        patterns.append(
            re.compile(rf"\bIRAS(?:\s+ID)?[\s:]*{re.escape(iras)}(?!\d)", re.I)
        )
    return patterns


@dataclass
class NamedProject:
    project: ResearchProjectPage
    # The words the article uses for it, as written there.
    named_as: list[str]


def projects_named_in(article: ArticlePage) -> list[NamedProject]:
    """Projects the article names that do not link to it yet, by title."""
    text = article_text(article)
    if not text.strip():
        return []
    linked = set()
    if article.pk:
        linked = set(
            ProjectRelatedArticle.objects.filter(article_id=article.pk).values_list(
                "page_id", flat=True
            )
        )
    fields = [*NAME_FIELDS, IRAS.field, *(r.field for r in LINKED_REGISTRIES)]
    found: dict[int, list[str]] = {}
    for project in ResearchProjectPage.objects.values("pk", *fields):
        if project["pk"] in linked:
            continue
        for pattern in project_patterns(project):
            if match := pattern.search(text):
                found.setdefault(project["pk"], [])
                if match[0] not in found[project["pk"]]:
                    found[project["pk"]].append(match[0])
    projects = (
        ResearchProjectPage.objects.filter(pk__in=found)
        .defer_streamfields()
        .order_by("title")
    )
    return [NamedProject(project, found[project.pk]) for project in projects]


def why_not_linkable(project: ResearchProjectPage, user) -> str:
    """Why `user` cannot link an article to the project here; "" if they can."""
    permissions = project.permissions_for_user(user)
    title = f"“{project.title}”"
    if not permissions.can_edit():
        return f"You cannot edit {title}: ask someone in the research team to link it."
    if not permissions.can_publish():
        return (
            f"You can edit {title} but not publish it: add this article under "
            "‘Read more: related articles’ in the project's editor and submit "
            "it for review."
        )
    lock = project.get_lock()
    if lock is not None and lock.for_user(user):
        return f"{title} is locked: try again once it is unlocked."
    if not project.live:
        return (
            f"{title} is not published yet: add this article under ‘Read more: "
            "related articles’ in the project's editor."
        )
    if project.has_unpublished_changes:
        # Publishing now would publish someone's unfinished changes, and adding
        # the link to their draft would hide it until they publish: refuse both.
        return (
            f"{title} has changes that are not published yet, and linking here "
            "would publish them too: add this article under ‘Read more: related "
            "articles’ in the project's editor, and publish it with the rest."
        )
    return ""


class LinkRefused(Exception):
    pass


def link_article(project_id: int, article: ArticlePage, user) -> bool:
    """Link the article from the live project and publish that, as the
    project's editor would: a new revision, published by `user`.

    Returns False if the project already links it. Raises LinkRefused, with
    the reason, when the user may not or the project must not change here.
    """
    with transaction.atomic():
        # Locked until the change is published, so two people linking at
        # once do not each publish a version without the other's link.
        project = (
            ResearchProjectPage.objects.select_for_update()
            .defer_streamfields()
            .get(pk=project_id)
        )
        if reason := why_not_linkable(project, user):
            raise LinkRefused(reason)
        latest = project.get_latest_revision_as_object()
        links = list(latest.related_article_links.all())
        if any(link.article_id == article.pk for link in links):
            return False
        links.append(ProjectRelatedArticle(article=article))
        # Numbered afresh: links saved without a number would sort after it.
        for position, link in enumerate(links):
            link.sort_order = position
        latest.related_article_links = links
        revision = latest.save_revision(user=user, log_action=True)
        revision.publish(user=user)
    return True
