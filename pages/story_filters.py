"""The stories index's filters: kind of story and topic, read from the URL.

As on the research hub, each filter is a plain GET parameter, so a filtered
list can be shared; a value we do not recognise is dropped with a notice and
never reaches the database, and the count beside each choice comes from one
aggregate query.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from .filter_groups import ActiveFilter, Choice, FilterGroup

NOTICE_VALUE_LENGTH = 40

# Each parameter's legend, "any" choice and name in notices.
TEXTS = {
    "kind": ("Whose story", "All stories", "kind of story"),
    "topic": ("Topic", "Any topic", "topic"),
}


class StoryFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False)
    topic = forms.ChoiceField(required=False)

    def __init__(self, data: QueryDict, kinds: list, topics: list):
        # Only our own parameters: tracking parameters are not filters.
        super().__init__({name: data.get(name, "") for name in self.base_fields})
        self.fields["kind"].choices = list(kinds)
        self.fields["topic"].choices = [(hub.slug, hub.title) for hub in topics]


class StoryFilters:
    """The filters in one request: what is active, the matching stories, counts."""

    GROUPS = ("kind", "topic")

    def __init__(self, data: QueryDict, kinds: list, topics: list):
        self.topics = {hub.slug: hub for hub in topics}
        form = StoryFilterForm(data, kinds, topics)
        form.is_valid()
        self.active = {
            name: value for name, value in form.cleaned_data.items() if value
        }
        self.notices = [
            f"We did not recognise the {TEXTS[name][2]} "
            f"“{self._shorten(form.data[name])}” in this link, so we ignored it."
            for name in form.errors
        ]
        self.form_fields = form.fields

    @staticmethod
    def _shorten(value: str) -> str:
        # Control characters would be invisible or garbled on the page.
        value = " ".join("".join(ch for ch in value if ch.isprintable()).split())
        if len(value) > NOTICE_VALUE_LENGTH:
            return value[:NOTICE_VALUE_LENGTH] + "…"
        return value

    def q(self, name: str, value: str) -> Q:
        if name == "kind":
            return Q(kind=value)
        # A story about a hub, or about any article in it.
        return Q(topic_links__page__path__startswith=self.topics[value].path)

    def q_active(self, leave_out: str | None = None) -> Q:
        combined = Q()
        for name, value in self.active.items():
            if name != leave_out:
                combined &= self.q(name, value)
        return combined

    def apply(self, stories: QuerySet) -> QuerySet:
        # Through a subquery: a story with two links in the hub is listed once.
        matching = stories.model.objects.filter(self.q_active()).values("pk")
        return stories.filter(pk__in=matching)

    def choice_values(self, name: str) -> list[tuple[str, str]]:
        return list(self.form_fields[name].choices)

    def groups(self, stories: QuerySet) -> list[FilterGroup]:
        """Both filter groups with their counts, from a single aggregate query."""
        aggregates = {}
        for name in self.GROUPS:
            others = self.q_active(leave_out=name)
            aggregates[f"{name}__any"] = Count("pk", filter=others, distinct=True)
            for number, (value, _label) in enumerate(self.choice_values(name)):
                aggregates[f"{name}__{number}"] = Count(
                    "pk", filter=others & self.q(name, value), distinct=True
                )
        counts = stories.order_by().aggregate(**aggregates)
        return [
            FilterGroup(
                name=name,
                legend=TEXTS[name][0],
                any_label=TEXTS[name][1],
                any_count=counts[f"{name}__any"],
                choices=[
                    Choice(
                        value=value,
                        label=label,
                        count=counts[f"{name}__{number}"],
                        selected=self.active.get(name) == value,
                    )
                    for number, (value, label) in enumerate(self.choice_values(name))
                ],
            )
            for name in self.GROUPS
        ]

    def querystring(self, leave_out: str | None = None) -> str:
        """The active filters as a query string, for links that keep them."""
        return urlencode([(n, v) for n, v in self.active.items() if n != leave_out])

    def active_filters(self, base_url: str) -> list[ActiveFilter]:
        filters = []
        for name, value in self.active.items():
            query = self.querystring(leave_out=name)
            filters.append(
                ActiveFilter(
                    label=dict(self.choice_values(name))[value],
                    remove_url=f"{base_url}?{query}" if query else base_url,
                )
            )
        return filters
