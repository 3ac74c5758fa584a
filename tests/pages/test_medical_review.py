"""The "Medical review" workflow: set up by a data migration, used end to end."""

import datetime
import importlib
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageLogEntry, Workflow, WorkflowPage, WorkflowState

import pytest

from pages.models import ArticlePage, MedicalReviewTask
from pages.provenance import MISSING_REVIEWER, ProvenanceError, add_months
from tests.factories.pages import (
    ArticlePageFactory,
    ArticleSourceFactory,
    ClinicalReviewerFactory,
    TopicIndexPageFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("pages.migrations.0003_medical_review_workflow")


@pytest.fixture
def clinician(db):
    user = get_user_model().objects.create_user(
        "clinician", "clinician@example.org", "password", first_name="Asha"
    )
    user.groups.add(Group.objects.get(name="Clinical reviewers"))
    return user


@pytest.fixture
def writer(db):
    return get_user_model().objects.create_superuser(
        "writer", "writer@example.org", "password"
    )


def action_url(page, action, task_state) -> str:
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]
    )


def submit(page, user):
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def test_the_migration_sets_up_the_group_task_and_workflow():
    workflow = Workflow.objects.get(name="Medical review")
    task = workflow.tasks.get().specific

    assert isinstance(task, MedicalReviewTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Clinical reviewers"]
    group = Group.objects.get(name="Clinical reviewers")
    assert group.permissions.filter(codename="access_admin").exists()


def test_the_migration_can_be_reversed_and_reapplied():
    migration.remove_workflow(apps, None)
    assert not Workflow.objects.filter(name="Medical review").exists()
    assert not Group.objects.filter(name="Clinical reviewers").exists()

    migration.create_workflow(apps, None)
    migration.create_workflow(apps, None)  # idempotent

    assert Workflow.objects.filter(name="Medical review").count() == 1
    assert MedicalReviewTask.objects.count() == 1


def test_every_hub_and_so_every_article_is_under_medical_review(home_page):
    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub)

    assert WorkflowPage.objects.get(page=hub).workflow.name == "Medical review"
    assert article.get_workflow().name == "Medical review"


def test_only_clinical_reviewers_can_act_on_the_task(home_page, clinician):
    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub)
    task = MedicalReviewTask.objects.get()
    someone_else = get_user_model().objects.create_user("someone", "", "password")

    assert [name for name, *_ in task.get_actions(article, clinician)] == [
        "reject",
        "approve",
    ]
    assert task.get_actions(article, someone_else) == []


def test_round_trip_changes_requested_then_approved_with_clinical_review(
    client, home_page, writer, clinician
):
    hub = TopicIndexPageFactory(parent=home_page, review_period_months=24)
    article = ArticlePageFactory(parent=hub, title="Vitamin D and MS", live=False)
    article.owner = writer
    article.reviewer = ClinicalReviewerFactory()
    article.save()
    ArticleSourceFactory(page=article)
    client.force_login(clinician)

    # 1. Submitted; the clinician asks for changes.
    state = submit(ArticlePage.objects.get(pk=article.pk), writer)
    task_state = state.current_task_state
    response = client.post(
        action_url(article, "reject", task_state), {"comment": "Add the NICE advice."}
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # 2. Resubmitted; approved with the clinical review ticked.
    article = ArticlePage.objects.get(pk=article.pk)
    state.resume(user=writer)
    task_state = WorkflowState.objects.get(pk=state.pk).current_task_state
    response = client.post(
        action_url(article, "approve", task_state),
        {
            "comment": "Checked.",
            "clinical_review_done": "on",
            "task_state_id": task_state.pk,
        },
    )
    assert response.status_code == 302

    article = ArticlePage.objects.get(pk=article.pk)
    today = timezone.localdate()
    assert article.live
    assert article.last_reviewed == today
    assert article.next_review_due == add_months(today, 24)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    entry = PageLogEntry.objects.get(page=article, action="pages.clinical_review")
    assert entry.user == clinician
    assert entry.data["clinical_review_done"] is True
    assert entry.data["date"] == today.isoformat()
    assert "Approved by Asha" in entry.message


def test_approval_without_clinical_review_keeps_the_review_dates(
    client, home_page, writer, clinician
):
    hub = TopicIndexPageFactory(parent=home_page)
    article = reviewed(ArticlePageFactory(parent=hub, live=False))
    reviewed_on = article.last_reviewed
    task_state = submit(article, writer).current_task_state
    client.force_login(clinician)

    client.post(
        action_url(article, "approve", task_state), {"task_state_id": task_state.pk}
    )

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.last_reviewed == reviewed_on
    entry = PageLogEntry.objects.get(page=article, action="pages.clinical_review")
    assert entry.data["clinical_review_done"] is False


def test_workflow_approval_refuses_an_article_without_a_reviewer(
    client, home_page, writer, clinician
):
    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub, live=False)
    ArticleSourceFactory(page=article)
    task_state = submit(article, writer).current_task_state
    client.force_login(clinician)

    response = client.post(
        action_url(article, "approve", task_state),
        {"clinical_review_done": "on", "task_state_id": task_state.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["step"] == "action"  # the form again, with the reason
    assert MISSING_REVIEWER in payload["html"]
    assert not ArticlePage.objects.get(pk=article.pk).live
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS


def test_the_task_itself_refuses_when_the_form_is_bypassed(
    home_page, writer, clinician
):
    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub, live=False)
    task_state = submit(article, writer).current_task_state

    with pytest.raises(ProvenanceError):
        task_state.task.specific.on_action(task_state, clinician, "approve")

    assert not ArticlePage.objects.get(pk=article.pk).live


def test_approving_from_the_editor_checks_the_submitted_page(
    client, home_page, writer, clinician
):
    from tests.pages.conftest import article_form_data

    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub, live=False)
    task_state = submit(article, writer).current_task_state
    client.force_login(writer)
    reviewer = ClinicalReviewerFactory()
    data = article_form_data(
        article,
        reviewer=reviewer,
        sources=["NICE NG220"],
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"clinical_review_done": True}),
        },
    )

    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)

    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live
    assert article.reviewer == reviewer
    assert article.last_reviewed == timezone.localdate()
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_APPROVED
    assert article.next_review_due > timezone.localdate() + datetime.timedelta(days=300)


def test_a_refused_approval_leaves_no_revision_behind(home_page, writer, clinician):
    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub, live=False)
    task_state = submit(article, writer).current_task_state
    revisions = article.revisions.count()

    with pytest.raises(ProvenanceError):
        task_state.task.specific.on_action(
            task_state, clinician, "approve", clinical_review_done=True
        )

    assert article.revisions.count() == revisions
    assert not PageLogEntry.objects.filter(
        page=article, action="pages.clinical_review"
    ).exists()


def test_a_clinical_review_ends_an_urgent_review(client, home_page, writer, clinician):
    hub = TopicIndexPageFactory(parent=home_page)
    article = reviewed(ArticlePageFactory(parent=hub))
    article.urgent_review_since = article.next_review_due = timezone.localdate()
    article.save()
    task_state = submit(article, writer).current_task_state
    client.force_login(clinician)

    client.post(
        action_url(article, "approve", task_state),
        {"clinical_review_done": "on", "task_state_id": task_state.pk},
    )

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.urgent_review_since is None
    assert article.review_status == "Up to date"
    assert not article.has_unpublished_changes


def test_approving_with_edits_from_the_editor_adds_one_revision(
    client, home_page, writer, clinician
):
    from tests.pages.conftest import article_form_data

    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub, live=False)
    submit(article, writer)
    revisions = article.revisions.count()
    client.force_login(clinician)
    data = article_form_data(
        article,
        reviewer=ClinicalReviewerFactory(),
        sources=["NICE NG220"],
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"clinical_review_done": True}),
        },
    )

    response = client.post(reverse("wagtailadmin_pages:edit", args=[article.pk]), data)

    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.has_unpublished_changes
    assert article.last_reviewed == timezone.localdate()
    # The clinician's edits and the review dates are one revision.
    assert article.revisions.count() == revisions + 1
    assert article.live_revision.user == clinician
