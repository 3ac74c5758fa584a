"""The Fundraising group: the donate clicks report, calls to action, appeals and
the donations settings.

Permission rows are normally made after all migrations run, so the ones this
group needs are fetched or made here.
"""

from django.db import migrations

GROUP = "Fundraising"

PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("donations", "donationclick", "view_fundraising_report", "Can see the donate clicks report"),
    ("donations", "donationcalltoaction", "add_donationcalltoaction", "Can add donation call to action"),
    ("donations", "donationcalltoaction", "change_donationcalltoaction", "Can change donation call to action"),
    ("donations", "donationcalltoaction", "delete_donationcalltoaction", "Can delete donation call to action"),
    ("donations", "donationcalltoaction", "publish_donationcalltoaction", "Can publish donation call to action"),
    ("donations", "appeal", "add_appeal", "Can add appeal"),
    ("donations", "appeal", "change_appeal", "Can change appeal"),
    ("donations", "appeal", "delete_appeal", "Can delete appeal"),
    ("donations", "donationsettings", "change_donationsettings", "Can change Donations"),
]
# Images for calls to action and their variants, in any collection. The image
# model declares no "choose" permission of its own; if one is added later it
# is granted too.
IMAGE_ADD = ("add_customimage", "Can add image")
IMAGE_CHOOSE = ["choose_customimage", "choose_image"]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    image_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="customimage"
    )
    Permission.objects.get_or_create(
        content_type=image_type, codename=IMAGE_ADD[0], defaults={"name": IMAGE_ADD[1]}
    )
    for permission in Permission.objects.filter(
        content_type=image_type, codename__in=[IMAGE_ADD[0], *IMAGE_CHOOSE]
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0003_ab_tests_and_daily_rollups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("pages", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
