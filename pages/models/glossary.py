import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES
from ..mixins import BasePage


class TermQuerySet(models.QuerySet):
    def synonyms(self) -> list[tuple[str, list[str]]]:
        """(term, [abbreviation, other names]) for search query expansion."""
        return [
            (term.term, term.alternatives)
            for term in self.order_by("term")
            if term.alternatives
        ]


class Term(index.Indexed, models.Model):
    """A glossary entry: explained on articles, listed on the glossary page."""

    term = models.CharField(
        max_length=80,
        unique=True,
        help_text="As it is usually written, for example 'disease-modifying therapy'.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="Leave empty: made from the term. Links to the glossary use it.",
    )
    abbreviation = models.CharField(
        max_length=20,
        blank=True,
        help_text="For example 'DMT'. Matched with the same capitals as here.",
    )
    other_names = models.TextField(
        blank=True,
        help_text=(
            "Other words people use for it, one per line, for example 'disease "
            "modifying drug'. Also used to widen site searches."
        ),
    )
    explanation = models.TextField(
        max_length=400,
        help_text=(
            "One or two plain-English sentences, as you would say them to someone "
            "newly diagnosed."
        ),
    )

    objects = TermQuerySet.as_manager()

    panels = [
        FieldPanel("term"),
        FieldPanel("abbreviation"),
        FieldPanel("other_names"),
        FieldPanel("explanation"),
        FieldPanel("slug"),
    ]

    search_fields = [
        index.SearchField("term"),
        index.AutocompleteField("term"),
        index.SearchField("abbreviation"),
        index.SearchField("other_names"),
        index.SearchField("explanation"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self) -> str:
        return f"{self.term} ({self.abbreviation})" if self.abbreviation else self.term

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.term)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.slug = self.slug or slugify(self.term)
        if not self.slug:
            raise ValidationError({"term": "The term needs at least one letter."})
        clash = Term.objects.exclude(pk=self.pk).filter(slug=self.slug)
        if clash.exists():
            raise ValidationError({"slug": "Another term already uses this."})

    @property
    def other_names_list(self) -> list[str]:
        return [
            name.strip()
            for name in re.split(r"[\n,]", self.other_names)
            if name.strip()
        ]

    @property
    def alternatives(self) -> list[str]:
        names = [self.abbreviation] if self.abbreviation else []
        return names + self.other_names_list

    @property
    def anchor(self) -> str:
        return f"term-{self.slug}"


class GlossaryPage(BasePage):
    """The glossary: every term, A to Z, each with its own anchor."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        terms = list(Term.objects.order_by("term"))
        letters: dict[str, list[Term]] = {}
        for term in terms:
            letters.setdefault(term.term[:1].upper(), []).append(term)
        context["letters"] = letters
        return context
