"""Stories: the story page, the stories index and its filters, and stories
shown on the home page, hubs, articles and research projects."""

import datetime
import json
import re

from django.core.exceptions import ValidationError

import pytest

from pages.models import (
    HomePage,
    SiteSettings,
    StoryIndexPage,
    StoryKind,
    StoryPage,
    StoryResearchLink,
    StoryTopicLink,
)
from tests.factories.pages import (
    ArticlePageFactory,
    CustomImageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    TopicIndexPageFactory,
)
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return StoryIndexPageFactory(parent=home_page)


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")


@pytest.fixture
def project(home_page):
    research = ResearchIndexPageFactory(parent=home_page)
    return ResearchProjectPageFactory(parent=research, title="DELIVER-MS")


def story(index, *links, research=(), **fields) -> StoryPage:
    page = StoryPageFactory(parent=index, **fields)
    for number, linked in enumerate(links):
        StoryTopicLink.objects.create(story=page, page=linked, sort_order=number)
    for number, linked in enumerate(research):
        StoryResearchLink.objects.create(story=page, page=linked, sort_order=number)
    return page


def test_stories_live_in_the_one_stories_index_under_the_home_page(home_page, index):
    assert not StoryIndexPage.can_create_at(home_page)  # one is enough
    assert StoryPage.can_create_at(index)
    assert not StoryPage.can_create_at(home_page)
    assert "pages.StoryIndexPage" in {
        model._meta.label for model in HomePage.allowed_subpage_models()
    }
    assert {model._meta.label for model in StoryIndexPage.allowed_subpage_models()} == {
        "pages.StoryPage"
    }


def test_a_story_shows_its_person_quote_and_what_it_touches(
    client, index, hub, project
):
    article = ArticlePageFactory(parent=hub, title="Fatigue and MS")
    treatment = TreatmentFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    page = story(
        index,
        hub,
        article,
        research=[project],
        title="The year I learned to listen",
        kind=StoryKind.CARER,
        person_name="Tom",
        person_description="cares for his wife",
        pull_quote="Asking for help was the best thing I did.",
        treatments=[{"type": "treatment", "value": treatment.pk}],
    )

    html = client.get(page.url).content.decode()

    assert "Caring for someone with MS" in html
    assert "Tom, cares for his wife" in html
    assert "Asking for help was the best thing I did." in html
    assert f'href="{hub.url}"' in html
    assert f'href="{article.url}"' in html
    assert "ocrelizumab (Ocrevus)" in html
    assert "DELIVER-MS" in html
    assert f'href="{index.url}?kind=carer"' in html


def test_a_content_note_comes_before_the_story_with_the_helpline(
    client, index, home_page
):
    details = SiteSettings.for_site(home_page.get_site())
    details.helpline_phone = "0808 800 0000"
    details.save()
    page = story(index, content_warning="This story talks about depression.")

    html = client.get(page.url).content.decode()

    note = html.index("Content note:")
    assert note < html.index(page.pull_quote)
    assert "This story talks about depression." in html
    assert "0808 800 0000" in html[note:]


def test_fictional_stories_say_so(client, index):
    made_up = story(index, is_fictional=True)
    real = story(index, is_fictional=False)

    assert "Fictional story" in client.get(made_up.url).content.decode()
    assert "Fictional story" not in client.get(real.url).content.decode()
    assert "Fictional story" in client.get(index.url).content.decode()


def test_unpublished_topics_and_projects_are_left_out_of_a_story(
    client, index, hub, project
):
    draft = ArticlePageFactory(parent=hub, title="Unfinished draft", live=False)
    project.unpublish()
    page = story(index, draft, research=[project])

    html = client.get(page.url).content.decode()

    assert "Unfinished draft" not in html
    assert "DELIVER-MS" not in html


def test_links_must_name_the_right_kind_of_page(index, hub, project, home_page):
    page = story(index)

    with pytest.raises(ValidationError):
        StoryTopicLink(story=page, page=project).full_clean()
    with pytest.raises(ValidationError):
        StoryResearchLink(story=page, page=hub).full_clean()
    StoryTopicLink(story=page, page=hub).full_clean()
    StoryResearchLink(story=page, page=project).full_clean()


def test_the_index_lists_live_stories_newest_first(client, index):
    older = story(index, title="Older story")
    newer = story(index, title="Newer story")
    for page, year in ((older, 2020), (newer, 2024)):
        StoryPage.objects.filter(pk=page.pk).update(
            first_published_at=datetime.datetime(year, 5, 1, tzinfo=datetime.UTC)
        )
    story(index, title="Draft story", live=False)

    html = client.get(index.url).content.decode()

    assert html.index("Newer story") < html.index("Older story")
    assert "Draft story" not in html
    assert "2 stories" in html


def test_the_index_filters_by_kind_and_by_topic_with_counts(client, index, hub):
    other_hub = TopicIndexPageFactory(parent=hub.get_parent(), title="Treatments")
    article = ArticlePageFactory(parent=hub, title="Fatigue")
    story(index, article, title="Through an article", kind=StoryKind.CARER)
    story(index, hub, article, title="Through the hub twice")
    story(index, other_hub, title="Elsewhere")

    response = client.get(index.url, {"topic": "about-ms"})
    html = response.content.decode()
    assert "Through an article" in html
    assert html.count("Through the hub twice") == 1
    assert "Elsewhere" not in html
    assert response.context["stories"].paginator.count == 2
    kinds = response.context["filter_groups"][0]
    counts = {choice.value: choice.count for choice in kinds.choices}
    assert kinds.any_count == 2
    assert counts["carer"] == 1 and counts["living-with-ms"] == 1

    response = client.get(index.url, {"topic": "about-ms", "kind": "carer"})
    assert response.context["stories"].paginator.count == 1
    assert response.context["canonical_url"].endswith(index.url)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "dragons"},
        {"topic": "no-such-hub"},
        {"kind": "<script>alert(1)</script>", "topic": "\x00"},
    ],
)
def test_unknown_filter_values_give_the_normal_page_with_a_notice(
    client, index, params
):
    story(index, title="Still listed")

    response = client.get(index.url, params)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Still listed" in html
    assert "so we ignored it" in html
    assert "<script>alert" not in html


def test_pages_of_stories_keep_the_filters(client, index):
    for number in range(StoryIndexPage.stories_per_page + 1):
        story(index, title=f"Carer story {number}", kind=StoryKind.CARER)

    response = client.get(index.url, {"kind": "carer", "page": "2"})

    assert response.context["stories"].number == 2
    assert 'href="?kind=carer&amp;page=1"' in response.content.decode()


def test_stories_show_on_the_hubs_articles_and_projects_they_touch(
    client, index, hub, project
):
    article = ArticlePageFactory(parent=hub, title="Fatigue")
    other = ArticlePageFactory(parent=hub, title="Vitamin D")
    story(index, article, research=[project], title="About fatigue")
    story(index, hub, title="About the hub")
    story(index, article, title="Not yet published", live=False)

    hub_html = client.get(hub.url).content.decode()
    assert "About fatigue" in hub_html and "About the hub" in hub_html
    assert f"{index.url}?topic=about-ms" in hub_html
    article_html = client.get(article.url).content.decode()
    assert "About fatigue" in article_html and "About the hub" not in article_html
    project_html = client.get(project.url).content.decode()
    assert "About fatigue" in project_html and "About the hub" not in project_html
    assert "About fatigue" not in client.get(other.url).content.decode()
    for html in (hub_html, article_html, project_html):
        assert "Not yet published" not in html


def test_the_home_page_shows_the_newest_stories(client, home_page, index):
    for number in range(4):
        story(index, title=f"Story number {number}")

    html = client.get(home_page.url).content.decode()

    assert home_page.stories_heading in html
    assert "Story number 3" in html and "Story number 0" not in html
    assert f'href="{index.url}"' in html


def test_a_story_is_a_schema_org_article_told_by_its_person(client, index):
    portrait = CustomImageFactory()
    page = story(index, person_name="Amara", portrait=portrait, is_fictional=True)

    html = client.get(page.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1]
    )

    article = next(n for n in data["@graph"] if n["@type"] == "Article")
    assert article["headline"] == page.title
    assert article["author"] == {"@type": "Person", "name": "Amara"}
    assert article["genre"] == "Fiction"
    assert article["image"].startswith("http")
    assert any(n["@type"] == "BreadcrumbList" for n in data["@graph"])
    assert '<meta property="og:type" content="article">' in html


def test_stories_are_in_the_sitemap(client, index):
    page = story(index)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert page.full_url in sitemap
    assert index.full_url in sitemap


def test_a_story_names_the_pages_that_show_it_for_the_page_cache(
    index, hub, project, home_page
):
    article = ArticlePageFactory(parent=hub, title="Fatigue")
    other_hub = TopicIndexPageFactory(parent=home_page, title="Treatments")
    page = story(index, article, other_hub, research=[project])

    shown = {each.pk for each in page.shown_on()}

    # The articles' hubs list the stories of their articles too.
    assert shown == {article.pk, hub.pk, other_hub.pk, project.pk}


def test_editors_can_open_every_new_editing_form(client, index, hub, django_user_model):
    page = story(index, hub)
    client.force_login(django_user_model.objects.create_superuser("editor", "", "x"))

    for edited in (page, index, hub, hub.get_parent()):
        response = client.get(f"/admin/pages/{edited.pk}/edit/")
        assert response.status_code == 200, edited
    response = client.get(f"/admin/pages/add/pages/storypage/{index.pk}/")
    assert response.status_code == 200
