"""What a listing's filter form shows: fieldsets of choices with counts, and
the filters in force, each with a link that removes it. Shared by the stories
index (`story_filters`) and the research hub (`research.filters`)."""

from dataclasses import dataclass, field


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FilterGroup:
    """One fieldset of a filter form."""

    name: str
    legend: str
    any_label: str
    any_count: int
    # Radio buttons with an "any" choice, or (False) one checkbox.
    multiple_choice: bool = True
    choices: list[Choice] = field(default_factory=list)

    @property
    def is_active(self) -> bool:
        return any(choice.selected for choice in self.choices)


@dataclass
class ActiveFilter:
    label: str
    remove_url: str
