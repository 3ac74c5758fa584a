"""The research hub's filters: read from the URL, applied, and counted.

Every filter is a plain GET parameter, so a filtered view can be shared. A
value we do not recognise is dropped with a notice rather than an error, and
never reaches the database. The count beside each choice (how many projects
it would give, added to the other active filters) comes from one aggregate
query, however many choices there are, and is kept in the cache for each
combination of filters (see `ResearchIndexPage.get_context`).
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.http import QueryDict

from pages.filter_groups import ActiveFilter, Choice, FilterGroup

from .choices import MS_TYPES, Phase, Status

NOTICE_VALUE_LENGTH = 40

SORTS = {
    "newest": (
        F("start_year").desc(nulls_last=True),
        F("first_published_at").desc(nulls_last=True),
        F("pk").desc(),
    ),
    "name": (Lower("title"), F("pk")),
}


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices, required=False)
    ms_type = forms.ChoiceField(
        choices=[(value, label) for value, _field, label in MS_TYPES], required=False
    )
    theme = forms.ChoiceField(required=False)
    phase = forms.ChoiceField(
        choices=[c for c in Phase.choices if c[0] != Phase.NOT_APPLICABLE],
        required=False,
    )
    funded = forms.ChoiceField(
        choices=[("yes", "Only research we fund")], required=False
    )
    sort = forms.ChoiceField(
        choices=[("newest", "Newest first"), ("name", "Name, A to Z")], required=False
    )

    def __init__(self, data: QueryDict, themes: list):
        # Only our own parameters count: tracking parameters such as utm_source
        # are not filters, so they are neither applied nor reported.
        super().__init__({name: data.get(name, "") for name in self.base_fields})
        self.fields["theme"].choices = [(theme.slug, theme.name) for theme in themes]


# Each parameter's legend, "any" choice and name in notices.
TEXTS = {
    "status": ("Status", "Any status", "status"),
    "ms_type": ("Type of MS", "Any type of MS", "type of MS"),
    "theme": ("Theme", "Any theme", "theme"),
    "phase": ("Trial phase", "Any phase", "trial phase"),
    "funded": ("Funding", "All research we follow", "funding choice"),
    "sort": ("Sort by", "", "sort order"),
}


class ProjectFilters:
    """The filters in one request: what is active, the matching projects, counts."""

    GROUPS = ("status", "ms_type", "theme", "phase", "funded")

    def __init__(self, data: QueryDict, themes: list):
        self.themes = {theme.slug: theme for theme in themes}
        form = ProjectFilterForm(data, themes)
        form.is_valid()
        self.active = {
            name: value
            for name, value in form.cleaned_data.items()
            if value and name in self.GROUPS
        }
        self.sort = form.cleaned_data.get("sort") or "newest"
        self.notices = [
            f"We did not recognise the {TEXTS[name][2]} "
            f"“{self._shorten(form.data[name])}” in this link, so we ignored it."
            for name in form.errors
        ]
        self.form_fields = form.fields

    @staticmethod
    def _shorten(value: str) -> str:
        # Control characters (a NUL, say) would be invisible or garbled on
        # the page, so the notice shows only what can be read.
        value = " ".join("".join(ch for ch in value if ch.isprintable()).split())
        if len(value) > NOTICE_VALUE_LENGTH:
            return value[:NOTICE_VALUE_LENGTH] + "…"
        return value

    def q(self, name: str, value: str) -> Q:
        if name == "status":
            return Q(status=value)
        if name == "ms_type":
            field_name = next(f for v, f, _label in MS_TYPES if v == value)
            return Q(**{field_name: True}) | Q(ms_all_types=True)
        if name == "theme":
            return Q(theme_id=self.themes[value].pk)
        if name == "phase":
            return Q(phase=value)
        return Q(funded_by_us=True)

    def q_active(self, leave_out: str | None = None) -> Q:
        combined = Q()
        for name, value in self.active.items():
            if name != leave_out:
                combined &= self.q(name, value)
        return combined

    def apply(self, projects: QuerySet) -> QuerySet:
        return projects.filter(self.q_active()).order_by(*SORTS[self.sort])

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        return list(self.form_fields["sort"].choices)

    def choice_values(self, name: str) -> list[tuple[str, str]]:
        return list(self.form_fields[name].choices)

    def groups(self, projects: QuerySet) -> list[FilterGroup]:
        """Every filter group with its counts, from a single aggregate query."""
        aggregates = {}
        for name in self.GROUPS:
            others = self.q_active(leave_out=name)
            aggregates[f"{name}__any"] = Count("pk", filter=others)
            for index, (value, _label) in enumerate(self.choice_values(name)):
                aggregates[f"{name}__{index}"] = Count(
                    "pk", filter=others & self.q(name, value)
                )
        counts = projects.order_by().aggregate(**aggregates)
        groups = []
        for name in self.GROUPS:
            legend, any_label, _notice_name = TEXTS[name]
            groups.append(
                FilterGroup(
                    name=name,
                    legend=legend,
                    any_label=any_label,
                    multiple_choice=name != "funded",
                    any_count=counts[f"{name}__any"],
                    choices=[
                        Choice(
                            value=value,
                            label=label,
                            count=counts[f"{name}__{index}"],
                            selected=self.active.get(name) == value,
                        )
                        for index, (value, label) in enumerate(self.choice_values(name))
                    ],
                )
            )
        return groups

    @property
    def key(self) -> str:
        """The active filters in a fixed order: one name for each combination
        however the link spelled it, for caching what it shows. Every value
        has been checked against its choices, so the names are few and safe."""
        return urlencode([(n, self.active[n]) for n in self.GROUPS if n in self.active])

    @staticmethod
    def total(groups: list[FilterGroup]) -> int:
        """How many projects all the active filters give, read from the counts:
        a group's chosen value counts the other filters and itself; an
        inactive group's "any" counts the other filters alone."""
        first = groups[0]
        return next((c.count for c in first.choices if c.selected), first.any_count)

    def querystring(self, leave_out: str | None = None) -> str:
        """The active filters and sort as a query string, for links that keep them."""
        params = [(n, v) for n, v in self.active.items() if n != leave_out]
        if self.sort != "newest":
            params.append(("sort", self.sort))
        return urlencode(params)

    def active_filters(self, base_url: str) -> list[ActiveFilter]:
        labels = {}
        for name in self.active:
            labels[name] = dict(self.choice_values(name))[self.active[name]]
        filters = []
        for name, label in labels.items():
            query = self.querystring(leave_out=name)
            filters.append(
                ActiveFilter(
                    label=label, remove_url=f"{base_url}?{query}" if query else base_url
                )
            )
        return filters
