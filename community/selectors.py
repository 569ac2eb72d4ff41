"""Reads for the discussion area. Every list goes through community.access."""

from django.db.models import Count, Exists, OuterRef, Subquery

from . import access
from .models import (
    Attachment,
    Folder,
    GroupPage,
    JoinRequest,
    Membership,
    Organisation,
    Post,
    PostReport,
    Thread,
    ThreadVisit,
    User,
)


def member_group_ids(user) -> set:
    return set(access.roles(user))


def _with_group(rows, group):
    """Attach the already-loaded group page so that get_url() costs no query per row."""
    rows = list(rows)
    for row in rows:
        row.group = group
    return rows


def folders_of(group, *, include_archived=False, file_flags=False):
    """The group's folders; file_flags: each with has_files (any file uploaded to it)."""
    qs = Folder.objects.filter(group=group)
    if not include_archived:
        qs = qs.filter(is_archived=False)
    if file_flags:
        qs = qs.annotate(has_files=Exists(Attachment.objects.filter(folder=OuterRef("pk"))))
    return _with_group(qs, group)


def threads_in_folder(user, folder):
    """Pinned first, then newest activity. Only what the user may see."""
    qs = Thread.objects.filter(folder=folder)
    return (
        access.filter_visible(user, qs, within=folder.group)
        .select_related("author")  # the list shows the author's name only
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )


def recent_threads_in_group(user, group, limit=10):
    qs = Thread.objects.filter(group=group)
    return _with_group(
        access.filter_visible(user, qs, within=group)
        .select_related("folder", "author")
        .order_by("-last_activity_at", "-pk")[:limit],
        group,
    )


def with_last_visit(threads, user):
    """The threads with the user's last visit of each as seen_at, in the same query."""
    seen = ThreadVisit.objects.filter(user_id=user.pk, thread=OuterRef("pk")).values("seen_at")[:1]
    return threads.annotate(seen_at=Subquery(seen))


class PostAuthor:
    """What a thread page shows of a post's author (see ThreadPost)."""

    __slots__ = ("pk", "display_name", "organisation_id", "organisation", "is_active")

    def __init__(self, pk, first_name, last_name, username, is_active, org_id, org_kind,
                 org_name):
        self.pk = pk
        self.display_name = User.name_for(first_name, last_name, username)
        self.organisation_id = org_id
        self.organisation = Organisation.label(org_kind, org_name) if org_id else None
        self.is_active = is_active


class ThreadPost:
    """One post as a thread page shows it: the post's own fields, its author as a
    PostAuthor, has_files, and what the view adds (files, can_* from community.access).
    Read as plain rows: building 30 to 60 full Post and User objects per page cost more
    than the query that loads them. Writes always go through Post (community.services)."""

    def __init__(self, row):
        (self.pk, self.thread_id, self.author_id, self.body, self.is_opening,
         self.created_at, self.edited_at, self.is_removed, self.is_hidden, self.has_files,
         *author) = row
        self.id = self.pk
        self.author = PostAuthor(self.author_id, *author) if self.author_id else None


_THREAD_POST_FIELDS = (
    "pk", "thread_id", "author_id", "body", "is_opening", "created_at", "edited_at",
    "is_removed", "is_hidden", "has_files", "author__first_name", "author__last_name",
    "author__username", "author__is_active", "author__organisation_id",
    "author__organisation__kind", "author__organisation__name",
)


def posts_in_thread(thread):
    """The rows of a thread's posts in their order, for one page of it at a time: turn
    a page of them into ThreadPost objects with with_files()."""
    return (
        Post.objects.filter(thread=thread)
        .annotate(has_files=Exists(Attachment.objects.filter(post=OuterRef("pk"))))
        .values_list(*_THREAD_POST_FIELDS)
    )


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



# --- issue 4 -------------------------------------------------------------------------


def threads_in_folder_for(user, folder):
    """threads_in_folder plus the user's last visit, in the same query (seen_at)."""
    return with_last_visit(threads_in_folder(user, folder), user)


def mark_unread(threads):
    for thread in threads:
        seen = getattr(thread, "seen_at", None)
        thread.is_unread = seen is None or thread.last_activity_at > seen
    return threads


def files_in_folder(user, folder):
    return access.filter_visible(
        user, Attachment.objects.filter(folder=folder), within=folder.group
    ).select_related(
        "uploaded_by"
    )


def with_files(rows):
    """ThreadPost objects for these rows (one page of posts_in_thread), with the files of
    the posts that have any loaded in one query, as post.files."""
    posts = [ThreadPost(row) for row in rows]
    files = {post.pk: [] for post in posts}
    with_any = [post.pk for post in posts if getattr(post, "has_files", True)]
    for attachment in Attachment.objects.filter(post_id__in=with_any).order_by("pk") if with_any else ():
        files[attachment.post_id].append(attachment)
    for post in posts:
        post.files = files[post.pk]
    return posts


def attachment_for_download(pk):
    """The file with its parents loaded, for the access check."""
    return Attachment.objects.select_related(
        "post__thread__group", "post__thread__folder", "folder__group"
    ).get(pk=pk)


def thread_counts(user, groups) -> dict:
    """{group_id: number of threads} for the groups whose content the user may see; the
    others get no count at all."""
    ids = [g.pk for g in groups]
    if not ids or not access.is_active_account(user):
        return {}
    qs = access.filter_visible(user, Thread.objects.filter(group_id__in=ids))
    return dict(qs.values("group_id").annotate(n=Count("id")).values_list("group_id", "n"))


def recent_posts_by(viewer, person, limit=10):
    """A member's recent posts, only those the viewer may see."""
    qs = access.filter_visible(viewer, Post.objects.filter(author=person))
    return qs.select_related("thread", "thread__group").order_by("-created_at", "-pk")[:limit]


def shared_groups_of(viewer, person):
    qs = GroupPage.objects.filter(memberships__user=person)
    return access.filter_visible(viewer, qs).order_by("title")


def pending_join_requests(group):
    return JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING).select_related(
        "user", "user__organisation"
    )


def members_of(group):
    return Membership.objects.filter(group=group).select_related(
        "user", "user__organisation"
    ).order_by("user__first_name", "user__last_name", "user__pk")


def open_reports(user):
    """Unresolved reports in the groups the user moderates."""
    groups = access.filter_moderated_groups(user, GroupPage.objects.all())
    return (
        PostReport.objects.filter(resolved_at__isnull=True, post__thread__group__in=groups)
        .select_related("post", "post__author", "post__thread", "post__thread__group", "reporter")
        .order_by("created_at", "pk")
    )


def move_targets(user):
    """Folders (not archived) in groups the user moderates."""
    groups = access.filter_moderated_groups(user, GroupPage.objects.live())
    return Folder.objects.filter(group__in=groups, is_archived=False).select_related("group").order_by(
        "group__title", "position", "title"
    )


def open_join_requests(user):
    """[(group, number waiting)] for the working groups whose requests this user decides
    (coordinators: their groups; editors: all), only groups with requests waiting."""
    groups = access.filter_moderated_groups(user, GroupPage.objects.all())
    counts = dict(
        JoinRequest.objects.filter(status=JoinRequest.Status.PENDING, group__in=groups)
        .values_list("group").annotate(n=Count("pk")).values_list("group", "n")
    )
    return [(group, counts[group.pk]) for group in
            GroupPage.objects.filter(pk__in=list(counts)).order_by("title")]
