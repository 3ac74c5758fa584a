from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

import pytest

from pages.cache import store
from research.choices import Phase, Status
from research.filters import ProjectFilters
from research.models import ResearchIndexPage, ResearchTheme
from tests.factories.pages import TopicIndexPageFactory
from tests.factories.research import (
    ResearchProjectPageFactory,
    ResearchThemeFactory,
)

pytestmark = pytest.mark.django_db


def counts(response, group_name: str) -> dict[str, int]:
    group = next(g for g in response.context["filter_groups"] if g.name == group_name)
    return {"": group.any_count} | {c.value: c.count for c in group.choices}


def titles(response) -> list[str]:
    return [project.title for project in response.context["projects"]]


def project_queries(captured) -> list[str]:
    """The queries that read projects or themes."""
    tables = ("research_researchprojectpage", "research_researchtheme")
    return [q["sql"] for q in captured if any(t in q["sql"] for t in tables)]


def purge_hub(hub) -> None:
    """What publishing a project does to the hub's cached counts and cards
    (projects made by factories are live without being published)."""
    store.purge_paths([hub.url])


@pytest.fixture
def catalogue(hub):
    """Five projects that differ in every filtered field."""
    immune = ResearchThemeFactory(name="Stopping immune attacks", slug="immune")
    myelin = ResearchThemeFactory(name="Repairing myelin", slug="myelin")
    ResearchProjectPageFactory(
        parent=hub,
        title="Alpha",
        status=Status.RECRUITING,
        ms_relapsing=True,
        theme=immune,
        phase=Phase.PHASE_3,
        funded_by_us=True,
        start_year=2021,
    )
    ResearchProjectPageFactory(
        parent=hub,
        title="Bravo",
        status=Status.RECRUITING,
        ms_all_types=True,
        theme=myelin,
        phase=Phase.PHASE_2,
        start_year=2023,
    )
    ResearchProjectPageFactory(
        parent=hub,
        title="Charlie",
        status=Status.RESULTS,
        ms_secondary_progressive=True,
        theme=immune,
        phase=Phase.PHASE_3,
        start_year=2016,
    )
    ResearchProjectPageFactory(
        parent=hub,
        title="Delta",
        status=Status.ACTIVE,
        ms_primary_progressive=True,
        theme=myelin,
        funded_by_us=True,
        start_year=2024,
    )
    ResearchProjectPageFactory(
        parent=hub, title="Echo (draft)", status=Status.RECRUITING, live=False
    )
    return hub


def test_the_hub_lives_under_the_home_page(home_page):
    topic = TopicIndexPageFactory(parent=home_page)

    assert ResearchIndexPage.can_create_at(home_page)
    assert not ResearchIndexPage.can_create_at(topic)


def test_hub_lists_live_projects_newest_first(client, catalogue):
    response = client.get(catalogue.url)

    assert response.status_code == 200
    assert titles(response) == ["Delta", "Bravo", "Alpha", "Charlie"]
    assert "4 projects" in response.content.decode()


def test_projects_can_be_sorted_by_name(client, catalogue):
    response = client.get(catalogue.url, {"sort": "name"})

    assert titles(response) == ["Alpha", "Bravo", "Charlie", "Delta"]


def test_every_project_card_shows_its_status_badge(client, catalogue):
    html = client.get(catalogue.url).content.decode()

    assert html.count('class="status-badge status-badge--recruiting"') == 2
    assert html.count('class="status-badge status-badge--results"') == 1
    assert html.count('class="status-badge status-badge--active"') == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "recruiting"}, ["Bravo", "Alpha"]),
        ({"theme": "immune"}, ["Alpha", "Charlie"]),
        ({"phase": "3"}, ["Alpha", "Charlie"]),
        ({"funded": "yes"}, ["Delta", "Alpha"]),
        # "All types of MS" matches every MS-type filter.
        ({"ms_type": "relapsing"}, ["Bravo", "Alpha"]),
        ({"ms_type": "secondary-progressive"}, ["Bravo", "Charlie"]),
        ({"ms_type": "primary-progressive"}, ["Delta", "Bravo"]),
        ({"status": "recruiting", "theme": "immune"}, ["Alpha"]),
        ({"status": "recruiting", "ms_type": "relapsing", "funded": "yes"}, ["Alpha"]),
        ({"status": "completed"}, []),
    ],
)
def test_filters_combine(client, catalogue, params, expected):
    response = client.get(catalogue.url, params)

    assert response.status_code == 200
    assert titles(response) == expected
    assert response.context["filters"].notices == []


def test_counts_say_what_each_choice_would_give_with_the_other_filters(
    client, catalogue
):
    response = client.get(catalogue.url, {"status": "recruiting", "theme": "immune"})

    # Status counts ignore the status filter itself, but respect the theme.
    assert counts(response, "status") == {
        "": 2,
        "planned": 0,
        "recruiting": 1,
        "active": 0,
        "completed": 0,
        "results": 1,
    }
    # Theme counts respect the status filter.
    assert counts(response, "theme") == {"": 2, "myelin": 1, "immune": 1}
    # Bravo (all types of MS) is counted under every type.
    assert counts(response, "ms_type") == {
        "": 1,
        "relapsing": 1,
        "secondary-progressive": 0,
        "primary-progressive": 0,
    }
    assert counts(response, "phase") == {"": 1, "1": 0, "2": 0, "3": 1, "4": 0}
    assert counts(response, "funded") == {"": 1, "yes": 1}


def test_counts_without_filters_cover_all_live_projects(client, catalogue):
    response = client.get(catalogue.url)

    assert counts(response, "ms_type") == {
        "": 4,
        "relapsing": 2,
        "secondary-progressive": 2,
        "primary-progressive": 2,
    }
    assert counts(response, "status")["recruiting"] == 2  # the draft is left out
    html = response.content.decode()
    assert (
        'Recruiting <span class="choice__count">(2<span class="visually-hidden">'
        " projects</span>)</span>"
    ) in html


def test_filter_form_is_a_plain_accessible_get_form(client, catalogue):
    html = client.get(catalogue.url, {"status": "recruiting"}).content.decode()

    assert f'method="get" action="{catalogue.url}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert html.count("<fieldset") == 5
    assert html.count("<legend") == 5
    assert (
        '<input class="choice__input" type="radio" id="filter-status-2" '
        'name="status" value="recruiting" checked>'
    ) in html
    assert '<label class="choice__label" for="filter-status-2">Recruiting' in html
    assert '<label for="filter-sort">Sort by</label>' in html


def test_active_filters_can_be_removed_one_at_a_time(client, catalogue):
    response = client.get(
        catalogue.url, {"status": "recruiting", "theme": "immune", "sort": "name"}
    )

    removals = {f.label: f.remove_url for f in response.context["active_filters"]}
    assert removals == {
        "Recruiting": f"{catalogue.url}?theme=immune&sort=name",
        "Stopping immune attacks": f"{catalogue.url}?status=recruiting&sort=name",
    }


def test_pagination_keeps_the_filters(client, hub):
    for number in range(ResearchIndexPage.projects_per_page + 2):
        ResearchProjectPageFactory(
            parent=hub, title=f"Project {number:02}", status=Status.RECRUITING
        )

    response = client.get(hub.url, {"status": "recruiting", "sort": "name"})

    assert response.context["projects"].paginator.num_pages == 2
    assert 'href="?status=recruiting&amp;sort=name&amp;page=2"' in (
        response.content.decode()
    )
    page_two = client.get(hub.url, {"status": "recruiting", "sort": "name", "page": 2})
    assert titles(page_two) == ["Project 12", "Project 13"]


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"status": "bogus"}, "the status “bogus”"),
        ({"status": "RECRUITING"}, "the status “RECRUITING”"),
        ({"theme": "no-such-theme"}, "the theme “no-such-theme”"),
        ({"theme": "immune\x00"}, "the theme “immune”"),
        ({"ms_type": "all"}, "the type of MS “all”"),
        ({"phase": "3; DROP TABLE wagtailcore_page"}, "the trial phase “3; DROP"),
        ({"phase": "none"}, "the trial phase “none”"),
        ({"funded": "no"}, "the funding choice “no”"),
        ({"sort": "-title"}, "the sort order “-title”"),
        ({"status": "<script>alert(1)</script>"}, "“&lt;script&gt;alert(1)&lt;/"),
        ({"status": "x" * 5000}, "“" + "x" * 40 + "…”"),
        ({"status": "é\u202e☃"}, "“é☃”"),
    ],
)
def test_hostile_filter_values_are_ignored_with_a_notice(
    client, catalogue, params, notice
):
    response = client.get(catalogue.url, params)

    assert response.status_code == 200
    assert titles(response) == ["Delta", "Bravo", "Alpha", "Charlie"]
    html = response.content.decode()
    assert 'class="notice notice--warning"' in html
    assert notice in html
    assert "<script>alert" not in html


def test_a_bad_value_leaves_the_other_filters_working(client, catalogue):
    response = client.get(
        catalogue.url, {"status": "recruiting", "theme": "nope", "page": "-3"}
    )

    assert titles(response) == ["Bravo", "Alpha"]
    assert len(response.context["filters"].notices) == 1


def test_repeated_and_unknown_parameters_never_error(client, catalogue):
    response = client.get(
        f"{catalogue.url}?status=recruiting&status=%ff%fe&utm_source=mail&page=99999"
        "&page=1&theme[]=immune"
    )

    assert response.status_code == 200
    assert titles(response) == ["Delta", "Bravo", "Alpha", "Charlie"]


def test_the_recruiting_view_says_when_nothing_is_recruiting(client, hub):
    ResearchProjectPageFactory(parent=hub, status=Status.COMPLETED)

    html = client.get(hub.url, {"status": "recruiting"}).content.decode()

    assert "None of the studies we follow is looking for participants" in html


def test_no_matches_suggests_removing_filters(client, catalogue):
    html = client.get(catalogue.url, {"status": "completed"}).content.decode()

    assert "No projects found" in html
    assert "No projects match all of these filters." in html


@pytest.mark.parametrize("filtered", [False, True])
def test_hub_queries_do_not_grow_with_projects_or_filters(
    client, hub, django_assert_max_num_queries, filtered
):
    themes = [ResearchThemeFactory() for _ in range(3)]
    params = {}
    if filtered:
        params = {
            "status": "recruiting",
            "ms_type": "relapsing",
            "theme": themes[1].slug,
            "phase": "3",
            "funded": "yes",
            "sort": "name",
            "page": "2",
        }

    def add_projects(count: int) -> None:
        for number in range(count):
            ResearchProjectPageFactory(
                parent=hub,
                status=Status.RECRUITING if number % 2 else Status.ACTIVE,
                theme=themes[number % 3],
                phase=Phase.PHASE_3,
                ms_relapsing=bool(number % 3),
                ms_all_types=not number % 3,
                funded_by_us=bool(number % 2),
            )

    add_projects(5)
    client.get(hub.url, params)  # warm Wagtail's site-root cache
    # Counted with the cached counts and cards gone, as after a publish:
    # that is the render whose cost could grow with the projects.
    purge_hub(hub)
    with django_assert_max_num_queries(16) as captured:
        client.get(hub.url, params)
    queries_for_five = len(captured)

    add_projects(195)
    purge_hub(hub)
    with django_assert_max_num_queries(queries_for_five):
        response = client.get(hub.url, params)
    assert response.context["filters"].notices == []
    assert response.context["projects"].paginator.count > 5


def test_a_warm_hub_reads_no_project_for_its_counts_or_cards(client, catalogue):
    params = {"status": "recruiting", "ms_type": "relapsing"}
    first = client.get(catalogue.url, params)

    with CaptureQueriesContext(connection) as captured:
        again = client.get(catalogue.url, params)

    assert project_queries(captured) == []
    assert again.content == first.content
    assert again.context["projects"].paginator.count == 2


def test_each_spelling_of_a_filter_combination_shares_its_cached_parts(
    client, catalogue
):
    first = client.get(catalogue.url, {"status": "recruiting", "theme": "immune"})

    with CaptureQueriesContext(connection) as captured:
        response = client.get(
            f"{catalogue.url}?theme=immune&utm_source=mail&status=recruiting&sort="
        )

    assert project_queries(captured) == []
    assert counts(response, "theme") == {"": 2, "myelin": 1, "immune": 1}
    assert response.content == first.content


def test_a_bad_value_gets_the_form_and_cards_of_the_other_filters(client, catalogue):
    clean = client.get(catalogue.url, {"status": "recruiting"}).content.decode()

    html = client.get(
        catalogue.url, {"status": "recruiting", "phase": "zz"}
    ).content.decode()

    assert "We did not recognise the trial phase “zz”" in html
    form = slice(clean.index("<form"), clean.index("</form>"))
    assert html[html.index("<form") : html.index("</form>")] == clean[form]
    assert 'id="filter-phase-any" name="phase" value="" checked' in html


def test_filter_key_names_only_checked_values_in_a_fixed_order(catalogue):
    themes = list(ResearchTheme.objects.all())
    one = ProjectFilters(QueryDict("theme=immune&status=recruiting&x=1"), themes)
    other = ProjectFilters(QueryDict("status=recruiting&theme=immune"), themes)
    bad = ProjectFilters(QueryDict("status=recruiting&theme=nope"), themes)

    assert one.key == other.key == "status=recruiting&theme=immune"
    assert bad.key == "status=recruiting"


def test_publishing_a_project_reaches_the_counts_and_cards(client, catalogue):
    params = {"status": "recruiting"}
    before = client.get(catalogue.url, params)
    assert counts(before, "status")["recruiting"] == 2

    newcomer = ResearchProjectPageFactory(
        parent=catalogue, title="Newcomer", status=Status.RECRUITING, live=False
    )
    newcomer.save_revision().publish()
    after = client.get(catalogue.url, params)

    assert counts(after, "status")["recruiting"] == 3
    assert after.context["projects"].paginator.count == 3
    assert "Newcomer" in after.content.decode()

    newcomer.refresh_from_db()  # the revision published another instance
    newcomer.unpublish()
    gone = client.get(catalogue.url, params)

    assert counts(gone, "status")["recruiting"] == 2
    assert "Newcomer" not in gone.content.decode()


def test_renaming_a_theme_reaches_the_filters_and_cards(client, catalogue):
    client.get(catalogue.url)

    theme = ResearchTheme.objects.get(slug="immune")
    theme.name = "Calming the immune system"
    theme.save()
    html = client.get(catalogue.url).content.decode()

    assert "Stopping immune attacks" not in html
    assert html.count("Calming the immune system") >= 2  # the filter and a card


@pytest.mark.parametrize(
    ("requested", "number"), [("", 1), ("2", 2), ("-3", 1), ("x", 1), ("99", 2)]
)
def test_cached_pages_of_results_keep_their_numbers(client, hub, requested, number):
    for n in range(ResearchIndexPage.projects_per_page + 2):
        ResearchProjectPageFactory(parent=hub, title=f"Project {n:02}")
    client.get(hub.url, {"sort": "name", "page": requested})

    response = client.get(hub.url, {"sort": "name", "page": requested})

    assert response.context["projects"].number == number
    expected = ["Project 12", "Project 13"] if number == 2 else None
    if expected:
        assert titles(response) == expected
        assert "Project 11" not in response.content.decode()
