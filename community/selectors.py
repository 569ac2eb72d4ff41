"""Reads for the discussion area. Every list goes through community.access."""

from . import access
from .models import Folder, GroupPage, Membership, Post, Thread


def member_group_ids(user) -> set:
    return set(access.roles(user))


def _with_group(rows, group):
    """Attach the already-loaded group page so that get_url() costs no query per row."""
    rows = list(rows)
    for row in rows:
        row.group = group
    return rows


def folders_of(group, *, include_archived=False):
    qs = Folder.objects.filter(group=group)
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return _with_group(qs, group)


def threads_in_folder(user, folder):
    """Pinned first, then newest activity. Only what the user may see."""
    qs = Thread.objects.filter(folder=folder)
    return (
        access.filter_visible(user, qs)
        .select_related("author", "author__organisation")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )


def recent_threads_in_group(user, group, limit=10):
    qs = Thread.objects.filter(group=group)
    return _with_group(
        access.filter_visible(user, qs)
        .select_related("folder", "author")
        .order_by("-last_activity_at", "-pk")[:limit],
        group,
    )


def posts_in_thread(thread):
    return Post.objects.filter(thread=thread).select_related("author", "author__organisation")


def recent_threads_for_user(user, limit=15):
    """The dashboard: newest activity in the groups the user belongs to."""
    qs = Thread.objects.filter(group_id__in=Membership.objects.filter(user=user).values("group_id"))
    return (
        access.filter_visible(user, qs)
        .select_related("folder", "group", "author")
        .order_by("-last_activity_at", "-pk")[:limit]
    )


def my_memberships(user):
    return (
        Membership.objects.filter(user=user, group__live=True)
        .select_related("group")
        .order_by("group__title")
    )


def visible_groups(user):
    return access.filter_visible(user, GroupPage.objects.live()).order_by("title")

