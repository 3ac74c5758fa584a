import datetime

from wagtail.models import Collection

import factory
import wagtail_factories

from pages import models


class CustomImageFactory(wagtail_factories.ImageFactory):
    # wagtail-factories would make a new root collection, outside every
    # group's permissions; uploads go to the real root.
    collection = factory.LazyFunction(Collection.get_first_root_node)
    description = factory.Faker("sentence", nb_words=6)
    credit = "Photo: MS Portal"

    class Meta:
        model = models.CustomImage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "portal-home"
    hero_heading = "Clear information about MS"
    hero_intro = factory.Faker("sentence", nb_words=16)

    class Meta:
        model = models.HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=3)
    summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = models.StandardPage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = models.TopicIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = models.ArticlePage


class ClinicalReviewerFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")
    role = "Consultant neurologist"
    organisation = "Example NHS Trust"

    class Meta:
        model = models.ClinicalReviewer


class ArticleSourceFactory(factory.django.DjangoModelFactory):
    title = factory.Faker("sentence", nb_words=8)
    publisher = "NICE"
    year = 2022
    url = factory.Sequence(lambda n: f"https://www.nice.org.uk/guidance/ng{n}")

    class Meta:
        model = models.ArticleSource


class TermFactory(factory.django.DjangoModelFactory):
    term = factory.Sequence(lambda n: f"term{n}")
    explanation = factory.Faker("sentence", nb_words=14)

    class Meta:
        model = models.Term


class GlossaryPageFactory(wagtail_factories.PageFactory):
    title = "Glossary"
    slug = "glossary"

    class Meta:
        model = models.GlossaryPage


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Stories"
    slug = "stories"

    class Meta:
        model = models.StoryIndexPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Story {n:04}")
    person_name = factory.Faker("first_name")
    person_description = "diagnosed in 2019"
    pull_quote = factory.Faker("sentence", nb_words=14)
    summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = models.StoryPage


def reviewed(article: models.ArticlePage, sources: int = 1) -> models.ArticlePage:
    """Give an article everything it needs to be published, and save it."""
    article.reviewer = ClinicalReviewerFactory()
    article.last_reviewed = datetime.date.today() - datetime.timedelta(days=7)
    article.save()
    for _ in range(sources):
        ArticleSourceFactory(page=article)
    return article
