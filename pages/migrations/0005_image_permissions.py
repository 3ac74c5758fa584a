from django.db import migrations

# Wagtail gives its default groups (Editors, Moderators) collection permissions
# on its own image model. The site uses pages.CustomImage instead, so those
# groups could neither upload nor choose images: copy the same permissions.
CODENAMES = {
    "add_image": "add_customimage",
    "change_image": "change_customimage",
    "delete_image": "delete_customimage",
    "choose_image": "choose_image",
}
NAMES = {
    "add_customimage": "Can add image",
    "change_customimage": "Can change image",
    "delete_customimage": "Can delete image",
    "choose_image": "Can choose image",
}


def copy_image_permissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    wagtail_image, _ = ContentType.objects.get_or_create(
        app_label="wagtailimages", model="image"
    )
    custom_image, _ = ContentType.objects.get_or_create(app_label="pages", model="customimage")
    ours = {
        codename: Permission.objects.get_or_create(
            content_type=custom_image, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NAMES.items()
    }
    for granted in GroupCollectionPermission.objects.filter(
        permission__content_type=wagtail_image,
        permission__codename__in=CODENAMES,
    ).select_related("permission"):
        GroupCollectionPermission.objects.get_or_create(
            group_id=granted.group_id,
            collection_id=granted.collection_id,
            permission=ours[CODENAMES[granted.permission.codename]],
        )


def remove_image_permissions(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        permission__content_type__app_label="pages",
        permission__content_type__model="customimage",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_donate_prompt_block"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="customimage",
            options={
                "permissions": [("choose_image", "Can choose image")],
                "verbose_name": "image",
            },
        ),
        migrations.RunPython(copy_image_permissions, remove_image_permissions),
    ]
