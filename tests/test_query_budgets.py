"""Query budgets: each page type, uncached, costs the same number of queries
showing ten things as showing a thousand, and no more than its budget.

A count that grows with content is a bug: under load every query is paid by
every visitor the page cache misses.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.backends import get_search_backend

import pytest

from donations.models import DonationCallToAction
from pages.bulk import add_pages
from pages.models import (
    ArticlePage,
    ArticleSource,
    RelatedArticle,
    StoryPage,
    StoryResearchLink,
    StoryTopicLink,
    Term,
)
from research.models import (
    ProjectRelatedArticle,
    ProjectResearcher,
    Researcher,
    ResearchProjectPage,
)
from tests.factories.donations import (
    DonatePageFactory,
    DonationCallToActionFactory,
    amounts,
)
from tests.factories.pages import (
    ArticlePageFactory,
    CustomImageFactory,
    GlossaryPageFactory,
    StandardPageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    TopicIndexPageFactory,
    reviewed,
)
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1000


def queries(client, url: str, warm: bool = True) -> int:
    """What a visit costs once per-process caches (content types, the site,
    menus and settings) are filled, by an earlier visit to this or another page."""
    if warm:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    client.last_response = response
    return len(captured)


def assert_constant(few: int, many: int, budget: int) -> None:
    assert few == many, f"{few} queries with {FEW}, {many} with {MANY}"
    assert many <= budget


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, slug="living-with-ms")


@pytest.fixture
def research(home_page):
    return ResearchIndexPageFactory(parent=home_page)


def _article_body(count: int, targets: list, cta: DonationCallToAction) -> list:
    body = []
    for number in range(count):
        target = targets[number % len(targets)]
        body += [
            {
                "type": "heading",
                "value": {"text": f"Section {number}", "level": "h2", "anchor": ""},
            },
            {"type": "paragraph", "value": f"<p>term{number} and myelin.</p>"},
            {"type": "read_more", "value": {"page": target.pk, "label": ""}},
        ]
    body.append({"type": "donation_call_to_action", "value": cta.pk})
    return body


def _article(hub, research, count: int, cta) -> ArticlePage:
    """An article showing `count` sections, read-more cards, sources, glossary
    terms, related articles and research cards."""
    others = add_pages(hub, ArticlePage, count)
    article = reviewed(ArticlePageFactory(parent=hub))
    # Written straight to the table: indexing a thousand sections for search
    # is not what this test is about.
    ArticlePage.objects.filter(pk=article.pk).update(
        body=_article_body(count, others, cta)
    )
    ArticleSource.objects.bulk_create(
        ArticleSource(page=article, title=f"Source {n}", sort_order=n)
        for n in range(count)
    )
    RelatedArticle.objects.bulk_create(
        RelatedArticle(page=article, article=other, sort_order=n)
        for n, other in enumerate(others)
    )
    projects = add_pages(research, ResearchProjectPage, count)
    ProjectRelatedArticle.objects.bulk_create(
        ProjectRelatedArticle(page=project, article=article, sort_order=0)
        for project in projects
    )
    return article


def test_article(client, hub, research, default_cta):
    Term.objects.bulk_create(
        Term(term=f"term{n}", slug=f"term{n}", explanation="A word.")
        for n in range(MANY)
    )
    few = _article(hub, research, FEW, default_cta)
    many = _article(hub, research, MANY, default_cta)

    # The large page is rendered once: it is slow to render, not to query.
    assert_constant(queries(client, few.url), queries(client, many.url, warm=False), 15)
    assert client.last_response.content.count(b'class="glossary-term"') == MANY


@pytest.fixture
def image():
    """One picture for every card: its renditions are made on the first visit."""
    return CustomImageFactory()


@pytest.fixture
def stories(home_page):
    return StoryIndexPageFactory(parent=home_page)


def _story_fields(image) -> dict:
    return {"person_name": "Sam", "pull_quote": "In my words.", "portrait": image}


def test_home_page(client, home_page, research, hub, stories, image):
    def fill(count: int) -> None:
        add_pages(research, ResearchProjectPage, count, listing_image=image)
        add_pages(stories, StoryPage, count, **_story_fields(image))

    home_page.featured_topics = [
        {"type": "topic", "value": {"page": hub.pk, "summary": ""}}
    ]
    home_page.path_steps = [
        {"type": "step", "value": {"page": page.pk, "label": "", "description": ""}}
        for page in add_pages(hub, ArticlePage, 4, listing_image=image)
    ]
    home_page.save()
    fill(FEW)
    few = queries(client, home_page.url)
    fill(MANY - FEW)

    assert_constant(few, queries(client, home_page.url), 10)


def _guided_hub(home_page, research, stories, image, count: int):
    """A hub with `count` articles: a 'start here', half in two sub-topics, and
    stories and research projects about them."""
    hub = TopicIndexPageFactory(parent=home_page)
    articles = add_pages(hub, ArticlePage, count, listing_image=image)
    half = count // 2
    hub.start_here = articles[0]
    hub.sub_topics = [
        {
            "type": "sub_topic",
            "value": {
                "heading": f"Group {number}",
                "intro": "",
                "articles": [a.pk for a in articles[1 + number : half : 2]],
            },
        }
        for number in range(2)
    ]
    hub.save()
    # Pages from add_pages know their id as pk only: links name it directly.
    story_pages = add_pages(stories, StoryPage, count, **_story_fields(image))
    StoryTopicLink.objects.bulk_create(
        StoryTopicLink(story=story, page_id=article.pk, sort_order=0)
        for story, article in zip(story_pages, articles, strict=True)
    )
    projects = add_pages(research, ResearchProjectPage, count, listing_image=image)
    ProjectRelatedArticle.objects.bulk_create(
        ProjectRelatedArticle(page=project, article=article, sort_order=0)
        for project, article in zip(projects, articles, strict=True)
    )
    return hub


def test_topic_hub(client, home_page, research, stories, image):
    few = _guided_hub(home_page, research, stories, image, FEW)
    many = _guided_hub(home_page, research, stories, image, MANY)

    assert_constant(queries(client, few.url), queries(client, many.url), 22)


def test_story_page(client, hub, research, stories, image):
    def story(count: int) -> StoryPage:
        treatments = [TreatmentFactory() for _ in range(count)]
        page = StoryPageFactory(
            parent=stories,
            portrait=image,
            treatments=[{"type": "treatment", "value": t.pk} for t in treatments],
        )
        StoryPage.objects.filter(pk=page.pk).update(
            body=[
                {"type": "quote", "value": {"quote": f"Words {n}.", "attribution": ""}}
                for n in range(count)
            ]
        )
        StoryTopicLink.objects.bulk_create(
            StoryTopicLink(story=page, page_id=article.pk, sort_order=n)
            for n, article in enumerate(add_pages(hub, ArticlePage, count))
        )
        StoryResearchLink.objects.bulk_create(
            StoryResearchLink(story=page, page_id=project.pk, sort_order=n)
            for n, project in enumerate(
                add_pages(research, ResearchProjectPage, count, listing_image=image)
            )
        )
        return page

    few, many = story(FEW), story(MANY)

    assert_constant(queries(client, few.url), queries(client, many.url), 14)


def test_stories_index_with_a_filter(client, hub, stories, image):
    article = ArticlePageFactory(parent=hub)

    def fill(count: int) -> None:
        pages = add_pages(stories, StoryPage, count, **_story_fields(image))
        StoryTopicLink.objects.bulk_create(
            StoryTopicLink(story=page, page=article, sort_order=0) for page in pages
        )

    url = f"{stories.url}?topic={hub.slug}&kind=living-with-ms"
    fill(FEW)
    few = queries(client, url)
    fill(MANY - FEW)

    assert_constant(few, queries(client, url), 12)


def test_standard_page(client, home_page):
    def page(count: int):
        body = []
        for number in range(count):
            body += [
                {
                    "type": "heading",
                    "value": {"text": f"Part {number}", "level": "h2", "anchor": ""},
                },
                {"type": "paragraph", "value": f"<p>Paragraph {number}.</p>"},
            ]
        return StandardPageFactory(parent=home_page, body=body)

    few, many = page(FEW), page(MANY)

    assert_constant(queries(client, few.url), queries(client, many.url, warm=False), 9)


def test_research_hub_with_two_filters(client, research):
    add_pages(research, ResearchProjectPage, FEW, status="recruiting")
    url = research.url + "?status=recruiting&phase=3"
    few = queries(client, url)
    add_pages(research, ResearchProjectPage, MANY - FEW, status="recruiting")

    assert_constant(few, queries(client, url), 12)


def _project(research, hub, count: int) -> ResearchProjectPage:
    """A project with `count` related articles and researchers, and `count`
    other projects studying its treatment."""
    treatment = TreatmentFactory()
    project = ResearchProjectPageFactory(parent=research, treatments=[treatment])
    articles = add_pages(hub, ArticlePage, count)
    ProjectRelatedArticle.objects.bulk_create(
        ProjectRelatedArticle(page=project, article=article, sort_order=n)
        for n, article in enumerate(articles)
    )
    researchers = Researcher.objects.bulk_create(
        Researcher(name=f"Dr {n}", institution="Example University")
        for n in range(count)
    )
    ProjectResearcher.objects.bulk_create(
        ProjectResearcher(page=project, researcher=researcher, sort_order=n)
        for n, researcher in enumerate(researchers)
    )
    for other in add_pages(research, ResearchProjectPage, count):
        other.treatments.add(treatment)
    return project


def test_research_project(client, research, hub):
    few, many = _project(research, hub, FEW), _project(research, hub, MANY)

    assert_constant(queries(client, few.url), queries(client, many.url, warm=False), 15)


def test_donate_page(client, home_page, default_cta):
    few = DonatePageFactory(parent=home_page, one_off_amounts=amounts(*range(5, 15)))
    url = few.url
    small = queries(client, url)
    few.one_off_amounts = amounts(*range(5, 5 + MANY))
    few.one_off_maximum = 10_000
    few.save()

    assert_constant(small, queries(client, url), 9)


def test_search(client, hub):
    def matching(count: int) -> None:
        articles = add_pages(hub, ArticlePage, count, summary="All about myelin.")
        get_search_backend().add_bulk(ArticlePage, articles)

    matching(FEW)
    few = queries(client, "/search/?q=myelin")
    matching(MANY - FEW)

    assert_constant(few, queries(client, "/search/?q=myelin"), 16)


def test_glossary(client, home_page):
    glossary = GlossaryPageFactory(parent=home_page)

    def terms(start: int, count: int) -> None:
        Term.objects.bulk_create(
            Term(term=f"word {n}", slug=f"word-{n}", explanation="A word.")
            for n in range(start, start + count)
        )

    terms(0, FEW)
    few = queries(client, glossary.url)
    terms(FEW, MANY - FEW)

    assert_constant(few, queries(client, glossary.url), 10)


@pytest.fixture
def default_cta(home_page):
    """The site's default call to action, as the demo content sets it."""
    from donations.models import DonationSettings

    cta = DonationCallToActionFactory()
    settings = DonationSettings.for_site(home_page.get_site())
    settings.default_call_to_action = cta
    settings.save()
    return cta
