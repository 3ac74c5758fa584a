"""The "Research" editors' group: edits research pages and snippets, not articles.

Used by the data migration that creates the group (with historical models) and
by the signal that gives each new research hub its page permissions, so a hub
made by the demo content or by an editor is covered either way.
"""

from django.apps import apps as global_apps

GROUP_NAME = "Research"
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
SNIPPET_PERMISSIONS = [
    f"{action}_{model}"
    for action in ("add", "change", "view")
    for model in ("treatment", "researchtheme", "researcher")
]
# Research editors add pictures and papers to project pages.
COLLECTION_PERMISSIONS = [
    ("pages", "add_customimage"),
    ("pages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def ensure_research_group(apps=global_apps):
    """The Research group with its admin, snippet and collection permissions."""
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if not created:
        return group
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        *Permission.objects.filter(
            content_type__app_label="research", codename__in=SNIPPET_PERMISSIONS
        ),
    )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            for permission in Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    return group


def grant_hub_permissions(hub_id: int, apps=global_apps) -> None:
    """Let the Research group add, edit and publish pages under one hub."""
    Permission = apps.get_model("auth.Permission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    group = ensure_research_group(apps)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page_id=hub_id, permission=permission
        )
