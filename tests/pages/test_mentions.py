"""The "Pages that mention…" report and its urgent-review action."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry

import pytest

from pages.mentions import URGENT_REVIEW_LOG_ACTION, find_mentions
from pages.models import ArticlePage
from tests.factories.pages import ArticlePageFactory, ArticleSourceFactory, reviewed
from tests.factories.research import ResearchProjectPageFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/mentions/"


def publish(page):
    page.save_revision().publish()
    return page


def article(hub, title, body="<p>Nothing to see.</p>", **kwargs):
    page = ArticlePageFactory(
        parent=hub, title=title, body=[("paragraph", body)], **kwargs
    )
    return publish(reviewed(page))


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user(
        "owen", "owen@example.org", "password", first_name="Owen"
    )


@pytest.fixture
def pages(hub, owner):
    TreatmentFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    in_body = article(
        hub,
        "Treatments for primary progressive MS",
        "<p>One medicine, <b>ocrelizumab</b>, slows it down.</p>",
        owner=owner,
    )
    in_draft = article(hub, "Living with MS", owner=owner)
    in_draft.summary = "Some people take Ocrevus."
    in_draft.save_revision()
    in_source = article(hub, "Drugs in pregnancy")
    ArticleSourceFactory(page=in_source, title="Ocrelizumab exposure in pregnancy")
    publish(in_source)
    unrelated = article(hub, "Fatigue", "<p>Ocrelizumabs is not a word.</p>")
    return {
        "in_body": in_body,
        "in_draft": in_draft,
        "in_source": in_source,
        "unrelated": unrelated,
    }


def test_live_versions_drafts_and_sources_are_found_with_synonyms(pages):
    mentions = find_mentions("Ocrevus")

    assert set(mentions) == {
        pages["in_body"].pk,
        pages["in_draft"].pk,
        pages["in_source"].pk,
    }
    assert mentions[pages["in_body"].pk].describe() == "Live: Body"
    assert mentions[pages["in_draft"].pk].describe() == "Draft: Summary"
    assert mentions[pages["in_source"].pk].describe() == "Live: Sources"


def test_block_names_and_addresses_are_not_mentions(pages):
    assert find_mentions("paragraph") == {}
    assert find_mentions("treatments-for-primary-progressive-ms") == {}


def test_research_projects_are_found_too(pages, home_page):
    project = ResearchProjectPageFactory(
        parent=home_page, title="OPERA", summary="A trial of ocrelizumab."
    )
    publish(project)

    assert project.pk in find_mentions("ocrevus")


def test_report_lists_pages_with_owner_and_review_date(admin_client, pages):
    response = admin_client.get(REPORT, {"q": "Ocrevus"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Treatments for primary progressive MS" in html
    assert "Draft: Summary" in html
    assert "Owen" in html
    assert "Fatigue" not in html
    assert "Mark chosen pages for urgent review" in html


def test_report_asks_for_a_term_and_survives_odd_ones(admin_client, pages):
    assert "Type the name of a medicine" in admin_client.get(REPORT).content.decode()
    for term in [
        "",
        " ",
        "(",
        "%",
        "\\",
        "' OR 1=1 --",
        "x" * 5000,
        "\x00",
        "多发性硬化",
    ]:
        assert admin_client.get(REPORT, {"q": term}).status_code == 200


def test_report_exports_what_it_shows(admin_client, pages):
    response = admin_client.get(REPORT, {"q": "ocrelizumab", "export": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Page", "Address", "Type"]
    assert len(rows) == 4


def test_report_runs_a_fixed_number_of_queries(
    admin_client, pages, hub, django_assert_max_num_queries
):
    admin_client.get(REPORT, {"q": "Ocrevus"})
    with django_assert_max_num_queries(40) as few:
        admin_client.get(REPORT, {"q": "Ocrevus"})
    budget = len(few.captured_queries)  # before the query log fills and rolls
    for n in range(5):
        article(hub, f"More {n}", "<p>Ocrevus again.</p>")
    admin_client.get(REPORT, {"q": "Ocrevus"})  # caches the new pages cleared
    with django_assert_max_num_queries(budget):
        admin_client.get(REPORT, {"q": "Ocrevus"})


def test_urgent_review_makes_today_the_due_date_live_and_draft(
    admin_client, superuser, pages
):
    chosen = [pages["in_body"], pages["in_draft"]]
    response = admin_client.post(
        reverse("mentions_urgent_review"),
        {"term": "Ocrevus", "page": [page.pk for page in chosen]},
        follow=True,
    )

    today = timezone.localdate()
    html = response.content.decode()
    assert "2 pages marked for urgent review" in html
    assert "Told by e-mail: Owen." in html
    assert "No content owner could be told" not in html
    for page in chosen:
        page = ArticlePage.objects.get(pk=page.pk)
        assert page.next_review_due == today
        assert page.urgent_review_since == today
        assert page.review_status == "Urgent"
        assert page.get_latest_revision_as_object().next_review_due == today
        assert page.get_latest_revision_as_object().urgent_review_since == today
        assert page.live_revision.as_object().urgent_review_since == today
        assert PageLogEntry.objects.filter(
            page=page, action=URGENT_REVIEW_LOG_ACTION, user=superuser
        ).exists()
    # The draft is still a draft, with its own change kept.
    draft = ArticlePage.objects.get(pk=pages["in_draft"].pk)
    assert draft.has_unpublished_changes
    assert draft.get_latest_revision_as_object().summary == "Some people take Ocrevus."
    assert ArticlePage.objects.get(pk=pages["in_source"].pk).next_review_due != today


def test_owners_are_told_by_email(
    admin_client, pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("mentions_urgent_review"),
            {"term": "Ocrevus", "page": [pages["in_body"].pk, pages["in_draft"].pk]},
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owen@example.org"]
    assert "Ocrevus" in message.subject
    assert "Living with MS" in message.body


def test_the_action_needs_a_choice_and_ignores_junk(admin_client, pages):
    response = admin_client.post(
        reverse("mentions_urgent_review"),
        {"term": "Ocrevus", "page": ["x", "-1", "99999", "²", "①", "9" * 30]},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose at least one page" in response.content.decode()


def test_editors_cannot_mark_pages_they_cannot_edit(client, pages):
    reader = get_user_model().objects.create_user("reader", password="password")
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    reader.groups.add(readers)
    client.force_login(reader)
    before = ArticlePage.objects.get(pk=pages["in_body"].pk).next_review_due

    assert client.get(REPORT, {"q": "Ocrevus"}).status_code == 200
    response = client.post(
        reverse("mentions_urgent_review"),
        {"term": "Ocrevus", "page": [pages["in_body"].pk]},
        follow=True,
    )

    assert "Choose at least one page that you can edit" in response.content.decode()
    assert ArticlePage.objects.get(pk=pages["in_body"].pk).next_review_due == before


def test_the_action_is_post_only(admin_client):
    assert admin_client.get(reverse("mentions_urgent_review")).status_code == 405


def test_the_action_is_for_signed_in_editors_only(client):
    response = client.post(reverse("mentions_urgent_review"), {"page": ["1"]})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_action_says_plainly_when_nobody_could_be_told(admin_client, pages):
    response = admin_client.post(
        reverse("mentions_urgent_review"),
        {"term": "Ocrevus", "page": [pages["in_source"].pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "1 page marked for urgent review" in html
    assert "Nobody was e-mailed." in html
    assert "No content owner could be told about “Drugs in pregnancy”" in html
    assert "have been told" not in html


def test_each_pages_history_shows_the_marking(admin_client, pages):
    chosen = [pages["in_body"], pages["in_draft"]]
    admin_client.post(
        reverse("mentions_urgent_review"),
        {"term": "Ocrevus", "page": [page.pk for page in chosen]},
    )

    for page in chosen:
        response = admin_client.get(
            reverse("wagtailadmin_pages:history", args=[page.pk])
        )
        assert response.status_code == 200
        rows = response.content.decode().split("<tbody>")[1]
        assert "Marked for urgent review (mentions “Ocrevus”): review due today." in (
            rows
        )
    untouched = admin_client.get(
        reverse("wagtailadmin_pages:history", args=[pages["unrelated"].pk])
    )
    assert "Marked for urgent review" not in untouched.content.decode()


def test_the_action_says_plainly_when_the_marker_owns_the_pages(
    client, pages, owner, django_capture_on_commit_callbacks
):
    owner.is_superuser = True
    owner.save()
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentions_urgent_review"),
            {"term": "Ocrevus", "page": [pages["in_body"].pk, pages["in_draft"].pk]},
            follow=True,
        )

    html = response.content.decode()
    assert "Nobody was e-mailed." in html
    assert (
        "You are the content owner of “Treatments for primary progressive MS” "
        "and “Living with MS”, so no e-mail was sent about them: it is up to you "
        "to have them reviewed."
    ) in html
    assert mail.outbox == []
