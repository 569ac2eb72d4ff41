"""The editors' group ("Redacteuren"): VNG staff with full use of the CMS."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

EDITOR_GROUP = "Redacteuren"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"), ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
]
MODEL_APPS = ["advocacy", "community", "home", "knowledgebase", "notifications", "taxonomy", "wagtailforms",
              "wagtailredirects", "wagtailsettings"]


def ensure_editor_group() -> Group:
    """Create or complete the editors' group. Re-runnable."""
    group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label__in=MODEL_APPS),
    )
    root = Page.get_first_root_node()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
    return group
