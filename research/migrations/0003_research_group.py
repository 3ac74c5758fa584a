"""Create the "Research" editors' group and give it any research hub's subtree."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from research.permissions import GROUP_NAME, ensure_research_group, grant_hub_permissions


def create_research_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # research models are new, so create their rows now.
    for label in ("research", "pages", "wagtaildocs", "wagtailcore"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    ensure_research_group(apps)
    for hub_id in apps.get_model("research.ResearchIndexPage").objects.values_list(
        "pk", flat=True
    ):
        grant_hub_permissions(hub_id, apps)


def remove_research_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0002_project_pages_and_snippets"),
        ("pages", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_research_group, remove_research_group),
    ]
