from django import forms
from django.utils.html import strip_tags

from pages.forms import BasePageForm

from .choices import MS_TYPES, Status, TrialDesign


def _is_blank(html: str | None) -> bool:
    return not strip_tags(html or "").strip()


class ResearchProjectPageForm(BasePageForm):
    """The project editing form: checks that fields which depend on each other agree."""

    trial_design = forms.MultipleChoiceField(
        choices=TrialDesign.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick what the registry entry says. Leave empty if unsure.",
    )

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("our_funding") or cleaned_data.get("our_funding_pays_for")
        ) and not cleaned_data.get("funded_by_us"):
            self.add_error(
                "funded_by_us",
                "Tick this if we fund the research, or clear how much we fund and "
                "what our money pays for.",
            )
        if cleaned_data.get("ms_all_types") and any(
            cleaned_data.get(field) for _value, field, _label in MS_TYPES
        ):
            self.add_error(
                "ms_all_types",
                "Tick either 'all types of MS' or the types it concerns, not both.",
            )
        # Drafts may be unfinished; a recruiting study goes live only once
        # visitors can see who can join and how.
        if (
            not self.is_deferred_validation
            and cleaned_data.get("status") == Status.RECRUITING
        ):
            for name in ("who_can_take_part", "how_to_take_part"):
                if _is_blank(cleaned_data.get(name)):
                    self.add_error(
                        name, "A recruiting study needs this before it is published."
                    )
        return cleaned_data
