from django.db import models
from django.db.models.functions import Lower

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Treatment(index.Indexed, models.Model):
    """A medicine or other intervention that research projects study."""

    generic_name = models.CharField(
        max_length=120,
        help_text=(
            "The treatment's generic (non-brand) name, in lower case as the NHS "
            "writes it, for example 'tolebrutinib'. For treatments that are not "
            "medicines, a short plain name such as 'exercise programme'."
        ),
    )
    brand_names = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "Brand names, separated by commas, for example 'Lemtrada'. People "
            "often search by brand name, so these are added to the site search."
        ),
    )
    treatment_class = models.CharField(
        "class",
        max_length=120,
        blank=True,
        help_text=(
            "The kind of treatment, for example 'BTK inhibitor' or "
            "'monoclonal antibody'. Shown next to the name on project pages."
        ),
    )

    panels = [
        FieldPanel("generic_name"),
        FieldPanel("brand_names"),
        FieldPanel("treatment_class"),
    ]

    search_fields = [
        index.SearchField("generic_name"),
        index.AutocompleteField("generic_name"),
        index.SearchField("brand_names"),
    ]

    class Meta:
        ordering = ["generic_name"]
        constraints = [
            # "Tolebrutinib" and "tolebrutinib" are the same treatment.
            models.UniqueConstraint(
                Lower("generic_name"),
                name="unique_treatment_generic_name",
                violation_error_message="There is already a treatment with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.generic_name

    @property
    def brand_name_list(self) -> list[str]:
        return [name.strip() for name in self.brand_names.split(",") if name.strip()]


class ResearchTheme(models.Model):
    """A broad aim that groups projects, such as 'Stopping immune attacks'."""

    name = models.CharField(
        max_length=80,
        unique=True,
        help_text="Short and plain, for example 'Repairing myelin'.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=(
            "Used in the research hub's web address when visitors filter by "
            "theme. Changing it breaks links people have shared."
        ),
    )
    description = models.TextField(
        max_length=300,
        blank=True,
        help_text="One sentence on what research under this theme is trying to do.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Researcher(index.Indexed, models.Model):
    """A researcher who leads or works on projects, with their institution."""

    name = models.CharField(
        max_length=120,
        help_text="As they are usually credited, for example 'Professor Jane Smith'.",
    )
    institution = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where they work, for example 'University of Edinburgh'.",
    )
    profile_url = models.URLField(
        "profile page",
        blank=True,
        help_text="Optional. Their page on their institution's website.",
    )

    panels = [FieldPanel("name"), FieldPanel("institution"), FieldPanel("profile_url")]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("institution"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.institution}" if self.institution else self.name
