"""The page cache: what it keeps, for whom, the headers it sends, and how a
change reaches visitors."""

import gzip

from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.redirects.models import Redirect

import pytest

from pages.cache import store
from pages.models import ArticlePage, NavigationSettings, SiteSettings
from tests.factories.pages import (
    ArticlePageFactory,
    StandardPageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    TermFactory,
    TopicIndexPageFactory,
    reviewed,
)
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
)

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="Living with MS")


@pytest.fixture
def article(hub):
    return reviewed(ArticlePageFactory(parent=hub, title="Fatigue", slug="fatigue"))


def get(client, url: str, **headers):
    return client.get(url, **{f"HTTP_{k.upper()}": v for k, v in headers.items()})


def cache_state(client, url: str) -> str:
    return get(client, url).get("X-Cache")


def test_a_second_visit_is_served_from_the_cache_without_queries(client, article):
    first = get(client, article.url)
    with CaptureQueriesContext(connection) as queries:
        second = get(client, article.url)

    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content
    assert int(second["Age"]) >= 0
    for name in SECURITY_HEADERS:
        assert second[name] == first[name]


def test_headers_let_a_proxy_keep_the_page_and_serve_it_stale_through_errors(
    client, article
):
    response = get(client, article.url)

    directives = dict(
        (part.strip().split("=") + [""])[:2]
        for part in response["Cache-Control"].split(",")
    )
    assert "public" in directives
    assert 0 < int(directives["max-age"]) < int(directives["s-maxage"]) <= 300
    assert int(directives["stale-while-revalidate"]) > 0
    assert int(directives["stale-if-error"]) >= 3600
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert not response.cookies


def test_conditional_requests_get_304(client, article):
    response = get(client, article.url)

    by_etag = get(client, article.url, if_none_match=response["ETag"])
    by_date = get(client, article.url, if_modified_since=response["Last-Modified"])

    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""


def test_html_is_compressed_for_browsers_that_take_gzip(client, article):
    plain = get(client, article.url)
    compressed = get(client, article.url, accept_encoding="gzip, br")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert "Accept-Encoding" in compressed["Vary"]


def test_tracking_and_unknown_parameters_share_one_entry(client, article):
    get(client, article.url)

    for query in ("?utm_source=newsletter&utm_medium=email", "?fbclid=abc", "?x=1"):
        assert cache_state(client, article.url + query) == "HIT", query


def test_parameters_a_page_reads_get_entries_of_their_own(client, home_page):
    hub = ResearchIndexPageFactory(parent=home_page)
    ResearchProjectPageFactory(parent=hub, title="HERCULES", status="recruiting")
    url = hub.url

    assert cache_state(client, url) == "MISS"
    assert cache_state(client, url + "?status=recruiting") == "MISS"
    assert cache_state(client, url + "?status=recruiting&utm_campaign=tv") == "HIT"
    assert cache_state(client, url + "?phase=3&status=recruiting") == "MISS"
    assert cache_state(client, url + "?status=recruiting&phase=3") == "HIT"


def test_publishing_an_edit_reaches_the_next_visitor_and_the_hub(
    client, hub, article, publish
):
    get(client, article.url)
    get(client, hub.url)

    article.title = "Fatigue and MS: what helps"
    publish(article)

    assert b"what helps" in get(client, article.url).content
    hub_page = get(client, hub.url)
    assert hub_page["X-Cache"] == "MISS"
    assert b"what helps" in hub_page.content


def test_unpublishing_gives_404_at_once(
    client, article, django_capture_on_commit_callbacks
):
    assert get(client, article.url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert get(client, article.url).status_code == 404


def test_a_cached_404_makes_way_for_a_page_published_there(client, hub, publish):
    assert get(client, "/living-with-ms/new/").status_code == 404
    assert cache_state(client, "/living-with-ms/new/") == "HIT"

    page = reviewed(ArticlePageFactory(parent=hub, slug="new", live=False))
    publish(page)

    assert get(client, "/living-with-ms/new/").status_code == 200


def test_pages_listing_an_article_are_purged_with_it(
    client, home_page, hub, article, publish
):
    chooser = reviewed(ArticlePageFactory(parent=hub, title="Sleep"))
    chooser.related_articles.create(article=article)
    research = ResearchIndexPageFactory(parent=home_page)
    project = ResearchProjectPageFactory(parent=research, title="An exercise trial")
    project.related_article_links.create(article=article)
    for page in (chooser, project):
        publish(page)
    for page in (chooser, project, home_page):
        get(client, page.url)

    article.title = "Tiredness"
    publish(article)

    for page in (chooser, project, home_page):
        assert cache_state(client, page.url) == "MISS", page.title


def test_publishing_a_project_purges_the_articles_it_is_about(
    client, home_page, article, publish
):
    research = ResearchIndexPageFactory(parent=home_page)
    project = ResearchProjectPageFactory(parent=research, title="An exercise trial")
    get(client, article.url)

    project.related_article_links.create(article=article)
    publish(project)

    response = get(client, article.url)
    assert response["X-Cache"] == "MISS"
    assert b"An exercise trial" in response.content


def test_an_article_shown_as_a_sibling_s_related_article_purges_it(
    client, hub, publish
):
    first = reviewed(ArticlePageFactory(parent=hub, title="Alpha"))
    last = ArticlePageFactory(parent=hub, title="Zulu")
    get(client, last.url)

    first.title = "Alpha and omega"
    publish(first)

    assert cache_state(client, last.url) == "MISS"


def test_publishing_a_story_purges_every_page_that_shows_it(
    client, home_page, hub, article, publish
):
    index = StoryIndexPageFactory(parent=home_page)
    research = ResearchIndexPageFactory(parent=home_page)
    project = ResearchProjectPageFactory(parent=research, title="An exercise trial")
    story = StoryPageFactory(parent=index, title="Walking again", live=False)
    story.topic_links.create(page=article)
    story.research_links.create(page=project)
    showing = (home_page, index, hub, article, project)
    for page in showing:
        get(client, page.url)

    publish(story)

    for page in showing:
        response = get(client, page.url)
        assert response["X-Cache"] == "MISS", page.title
        assert b"Walking again" in response.content, page.title


def test_a_story_is_purged_with_the_article_it_names(
    client, home_page, article, publish
):
    index = StoryIndexPageFactory(parent=home_page)
    story = StoryPageFactory(parent=index, live=False)
    story.topic_links.create(page=article)
    publish(story)
    get(client, story.url)

    article.title = "Tiredness"
    publish(article)

    response = get(client, story.url)
    assert response["X-Cache"] == "MISS"
    assert b"Tiredness" in response.content


@pytest.mark.parametrize(
    "change",
    [
        lambda home: TermFactory(term="fatigue"),
        lambda home: Redirect.objects.create(old_path="/old", redirect_link="/"),
        lambda home: SiteSettings.objects.update_or_create(
            site=home.get_site(), defaults={"footer_text": "Thank you"}
        ),
        lambda home: NavigationSettings.objects.update_or_create(
            site=home.get_site(), defaults={"primary_navigation": []}
        ),
    ],
    ids=["glossary term", "redirect", "site setting", "menu"],
)
def test_a_snippet_setting_or_redirect_change_reaches_every_page(
    client, home_page, article, change, django_capture_on_commit_callbacks
):
    other = StandardPageFactory(parent=home_page)
    for page in (home_page, article, other):
        get(client, page.url)

    with django_capture_on_commit_callbacks(execute=True):
        change(home_page)

    for page in (home_page, article, other):
        assert cache_state(client, page.url) == "MISS", page.title


def test_editors_never_get_the_cached_copy_and_visitors_never_get_theirs(
    client, article
):
    get(client, article.url)
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)

    theirs = get(client, article.url)

    assert "X-Cache" not in theirs
    assert "private" in theirs["Cache-Control"]
    client.logout()
    client.cookies.clear()
    mine = get(client, article.url)
    assert mine["X-Cache"] == "HIT"
    assert b"wagtail-userbar" not in mine.content


def test_visitors_after_an_editor_are_not_given_the_editor_s_copy(client, article):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(editor)
    get(client, article.url)
    client.logout()
    client.cookies.clear()

    assert cache_state(client, article.url) == "MISS"


def test_posts_the_admin_and_search_are_never_cached(client, article):
    for _ in range(2):
        assert "X-Cache" not in client.post(article.url)
        assert "X-Cache" not in get(client, "/admin/login/")
        assert "X-Cache" not in get(client, "/search/?q=fatigue")


def test_previews_are_never_cached(client, article):
    article.title = "A draft title"

    preview = article.make_preview_request()

    assert b"A draft title" in preview.content
    assert "X-Cache" not in preview
    public = get(client, article.url)
    assert public["X-Cache"] == "MISS"
    assert b"A draft title" not in public.content


def test_responses_that_set_a_cookie_are_not_kept(client, article, monkeypatch):
    from pages.cache import middleware

    real = middleware.PageCacheMiddleware.__call__

    def with_cookie(self, request):
        self.get_response = _setting_cookie(self.get_response)
        return real(self, request)

    monkeypatch.setattr(middleware.PageCacheMiddleware, "__call__", with_cookie)
    get(client, article.url)

    assert "X-Cache" not in get(client, article.url)


def _setting_cookie(get_response):
    def respond(request):
        response = get_response(request)
        response.set_cookie("tracking", "1")
        return response

    return respond


def test_a_stale_copy_stands_in_when_a_page_cannot_be_rendered(
    client, article, settings, monkeypatch
):
    get(client, article.url)
    settings.PAGE_CACHE_TIMEOUT = 0  # everything stored is now stale

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(ArticlePage, "get_context", database_down)
    response = get(client, article.url)

    assert response.status_code == 200
    assert response["X-Cache"] == "STALE"


def test_sitemap_and_robots_txt_are_cached(client, article):
    for url in ("/sitemap.xml", "/robots.txt"):
        assert cache_state(client, url) == "MISS"
        assert cache_state(client, url) == "HIT"


def test_head_requests_are_answered_from_the_entry_without_a_body(client, article):
    full = get(client, article.url)

    head = client.head(article.url)

    assert head["X-Cache"] == "HIT"
    assert head.content == b""
    assert head["Content-Length"] == str(len(full.content))


def test_a_purge_during_a_render_is_not_undone_by_it(client, article, rf):
    request = rf.get(article.url)
    found = store.lookup(request)

    store.purge_paths([article.url])
    store.save(
        request, found, "", store.Entry.from_response(get(client, "/robots.txt"))
    )

    assert store.lookup(rf.get(article.url)).entry is None


def test_uncached_public_pages_are_compressed_but_admin_pages_are_not(client, article):
    search = get(client, "/search/?q=fatigue", accept_encoding="gzip")
    login = get(client, "/admin/login/", accept_encoding="gzip")

    assert search["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in login
