"""The page types the site search covers, named by string so apps stay apart."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class SearchType:
    key: str  # the value of ?type= in the address
    model: str  # "app_label.ModelName"; skipped when that app is not installed
    label: str  # one result's type, as shown next to it
    plural: str  # the filter's option


SEARCH_TYPES = [
    SearchType("article", "pages.ArticlePage", "Article", "Articles"),
    SearchType("topic", "pages.TopicIndexPage", "Topic", "Topics"),
    SearchType("story", "pages.StoryPage", "Story", "Stories"),
    SearchType(
        "research", "research.ResearchProjectPage", "Research project", "Research"
    ),
    SearchType("donate", "donations.DonatePage", "Donate", "Donating"),
]


def installed_types() -> dict[str, tuple[SearchType, int]]:
    """Each searchable type by key, with its content type id (cached by Django)."""
    found = {}
    for search_type in SEARCH_TYPES:
        try:
            model = apps.get_model(search_type.model)
        except LookupError:
            continue
        content_type = ContentType.objects.get_for_model(model)
        found[search_type.key] = (search_type, content_type.pk)
    return found


def content_type_ids(key: str = "") -> list[int]:
    """Content type ids to search: the chosen type's, or every searchable one."""
    types = installed_types()
    if key in types:
        return [types[key][1]]
    return [content_type_id for _, content_type_id in types.values()]


def label_for(content_type_id: int) -> str:
    for search_type, type_id in installed_types().values():
        if type_id == content_type_id:
            return search_type.label
    return ""


def filter_choices() -> list[tuple[str, str]]:
    return [
        (key, search_type.plural) for key, (search_type, _) in installed_types().items()
    ]
