from django.db import migrations

# Editors rename and move pages, and Wagtail then makes redirects for them;
# they need to see, fix and add redirects too (Settings > Redirects). Wagtail
# gives its default groups no redirect permissions, so grant them here.
GROUPS = ("Editors", "Moderators")
NAMES = {
    "add_redirect": "Can add redirect",
    "change_redirect": "Can change redirect",
    "delete_redirect": "Can delete redirect",
}


def grant_redirect_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    redirect, _ = ContentType.objects.get_or_create(
        app_label="wagtailredirects", model="redirect"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=redirect, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NAMES.items()
    ]
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke_redirect_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailredirects", codename__in=NAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_image_permissions"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [
        migrations.RunPython(grant_redirect_permissions, revoke_redirect_permissions),
    ]
