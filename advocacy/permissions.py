from django.contrib.auth.models import Permission

# What editors may do in the CMS with the advocacy models (and see the mail failure queue).
EDITOR_PERMISSIONS = [
    ("advocacy", "view_knelpunt"), ("advocacy", "change_knelpunt"),
    ("advocacy", "view_consultation"), ("advocacy", "add_consultation"),
    ("advocacy", "change_consultation"), ("advocacy", "view_consultationanswer"),
    ("notifications", "view_delivery"),
    ("taxonomy", "add_topic"), ("taxonomy", "change_topic"), ("taxonomy", "view_topic"),
    ("knowledgebase", "add_collectionaudience"), ("knowledgebase", "change_collectionaudience"),
    ("knowledgebase", "view_collectionaudience"),
]


def grant_editor_permissions(group):
    """Idempotent: give an editors' auth group the advocacy and knowledge-base permissions."""
    for app_label, codename in EDITOR_PERMISSIONS:
        perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if perm is not None:
            group.permissions.add(perm)
