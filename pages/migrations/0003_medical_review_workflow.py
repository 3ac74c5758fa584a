"""Set up the "Medical review" workflow: a clinical reviewers group signs off articles.

The workflow is attached to every topic hub that exists now; hubs created
later get it from a signal (pages/signals.py), so each health article inherits it.
"""

from django.db import migrations

GROUP = "Clinical reviewers"
WORKFLOW = "Medical review"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    MedicalReviewTask = apps.get_model("pages", "MedicalReviewTask")
    TopicIndexPage = apps.get_model("pages", "TopicIndexPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    group, _ = Group.objects.get_or_create(name=GROUP)
    admin_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    group.permissions.add(access_admin)

    task_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="medicalreviewtask"
    )
    task = MedicalReviewTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = MedicalReviewTask.objects.create(
            name=WORKFLOW, content_type=task_type, active=True
        )
    task.groups.add(group)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    for hub in TopicIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=hub.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    MedicalReviewTask = apps.get_model("pages", "MedicalReviewTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")

    Workflow.objects.filter(name=WORKFLOW).delete()
    MedicalReviewTask.objects.filter(name=WORKFLOW).delete()
    Group.objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_articles_provenance_glossary_feedback"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
