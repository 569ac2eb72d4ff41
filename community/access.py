"""The one access policy of the portal.

Every surface — pages, lists, search, feeds, file downloads, signal mails, counts — asks
this module who may see or do what inside a group. It takes a user, never a request, so
that web views and background workers share it.

    can_view(user, obj)        -> bool
    check_view(user, obj)      -> None, or raises Http404 (hidden content is never 403)
    filter_visible(user, qs)   -> the part of qs the user may see
    users_who_can_view(obj)    -> a User queryset

Rules (docs/access.md has the table):
- Anonymous and inactive users see nothing inside any group.
- Editors (CMS access) see everything and may moderate everywhere.
- Members (kind "member") see every general group, and the working groups they belong to.
- Guests see only the working groups they were admitted to; never a general group.
- Group content exists only while its group page is live.
- A post hidden by a moderator or removed by its author keeps its place in the thread but
  its text is shown to moderators only (see can_read_post_body).
"""

from django.db.models import CharField, IntegerField, Q, Value
from django.http import Http404

from .models import Activity, Attachment, Folder, GroupPage, Membership, Post, Thread, User

_CACHE_ATTR = "_oov_access_cache"

# How each model reaches its group.
_GROUP_PATH = {
    GroupPage: "",
    Folder: "group__",
    Thread: "group__",
    Activity: "group__",
    Post: "thread__group__",
}


def _cache(user):
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


def forget(user):
    """Drop what this module cached on the user object (after a membership change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_active_account(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_cms_permission(user) -> bool:
    """Superusers and accounts allowed into the Wagtail admin (VNG's editors)."""
    if not is_active_account(user):
        return False
    cache = _cache(user)
    if "cms" not in cache:
        cache["cms"] = bool(user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    return cache["cms"]


def has_second_factor(user) -> bool:
    if not is_active_account(user):
        return False
    cache = _cache(user)
    if "mfa" not in cache:
        _load_roles_and_second_factor(user, cache)
    return cache["mfa"]


_SECOND_FACTOR = "__totp__"  # marks the second-factor row among the membership rows


def _load_roles_and_second_factor(user, cache):
    """The user's memberships ({group_id: role}) and whether they have a TOTP second factor,
    in one query: nearly every page needs both (the menu asks is_editor, group pages the
    roles), and one round trip is cheaper than two."""
    from allauth.mfa.models import Authenticator

    memberships = Membership.objects.filter(user_id=user.pk).values_list("group_id", "role")
    totp = Authenticator.objects.filter(
        user_id=user.pk, type=Authenticator.Type.TOTP
    ).annotate(
        _group=Value(None, output_field=IntegerField()),
        _role=Value(_SECOND_FACTOR, output_field=CharField()),
    ).values_list("_group", "_role")
    rows = list(memberships.union(totp, all=True))
    cache["mfa"] = any(role == _SECOND_FACTOR for _group, role in rows)
    cache["roles"] = {group: role for group, role in rows if role != _SECOND_FACTOR}


def is_editor(user) -> bool:
    """An editor's powers (every group, moderation everywhere) need CMS permission AND a
    second factor: with a password alone an editor account is an ordinary member."""
    # The second factor is asked first: one indexed lookup settles it for the members
    # (who have none), before the permission join is needed.
    if not is_active_account(user):
        return False
    cache = _cache(user)
    if "editor" not in cache:
        cache["editor"] = has_second_factor(user) and has_cms_permission(user)
    return cache["editor"]


def is_member(user) -> bool:
    """An approved employee of a municipal organisation (not a guest)."""
    return is_active_account(user) and user.kind == User.Kind.MEMBER


def is_guest(user) -> bool:
    return is_active_account(user) and user.kind == User.Kind.GUEST


def roles(user) -> dict:
    """{group_id: role} for the user's memberships, loaded once per user object."""
    if not is_active_account(user):
        return {}
    cache = _cache(user)
    if "roles" not in cache:
        _load_roles_and_second_factor(user, cache)
    return cache["roles"]


def is_group_member(user, group) -> bool:
    return group.pk in roles(user)


# --- Groups ----------------------------------------------------------------------------


def can_view_group_content(user, group) -> bool:
    """May the user see what is inside the group (folders, threads, files, members)?"""
    if not is_active_account(user):
        return False
    if is_editor(user):
        return True
    if not group.live:
        return False
    if group.kind == GroupPage.Kind.GENERAL:
        return is_member(user)
    return is_group_member(user, group)


def can_view_group_listing(user, group) -> bool:
    """Name and description of a live group are public, working groups included. A guest
    is told only about the working groups they belong to."""
    if is_editor(user):
        return True
    if not group.live:
        return False
    if is_guest(user):
        return is_group_member(user, group)
    return True


def filter_listed_groups(user, qs):
    """The groups whose name and description the user may see (the groups overview)."""
    if is_editor(user):
        return qs
    qs = qs.filter(live=True)
    if is_guest(user):
        return qs.filter(pk__in=Membership.objects.filter(user_id=user.pk).values("group_id"))
    return qs


def can_post(user, group) -> bool:
    """Start threads and reply: whoever may read inside the group (guests in their own
    working groups included)."""
    return can_view_group_content(user, group)


def can_moderate(user, group) -> bool:
    if is_editor(user):
        return True
    return can_view_group_content(user, group) and roles(user).get(group.pk) == Membership.Role.COORDINATOR


def can_join(user, group) -> bool:
    """Join a general group directly (working groups go through a request)."""
    return (
        is_member(user)
        and group.live
        and group.kind == GroupPage.Kind.GENERAL
        and not is_group_member(user, group)
    )


# --- Any object ------------------------------------------------------------------------


def _group_of(obj):
    if isinstance(obj, GroupPage):
        return obj
    if isinstance(obj, (Folder, Thread, Activity)):
        return obj.group
    if isinstance(obj, Post):
        return obj.thread.group
    if isinstance(obj, Attachment):
        return obj.post.thread.group if obj.post_id else obj.folder.group
    raise TypeError(f"community.access does not know {type(obj).__name__}")


def can_view(user, obj) -> bool:
    if isinstance(obj, GroupPage):
        return can_view_group_content(user, obj)
    if not can_view_group_content(user, _group_of(obj)):
        return False
    if isinstance(obj, Thread):
        return obj.folder.group_id == obj.group_id
    if isinstance(obj, Activity):
        if obj.attachment_id:
            return can_view(user, obj.attachment)
        if obj.post_id:
            return can_view(user, obj.post)
        return True
    if isinstance(obj, Attachment):
        # A file follows its parent as it is now: the post's thread (wherever it has been
        # moved to) or the folder. A hidden or removed post hides its files too.
        if obj.post_id:
            return can_view(user, obj.post.thread) and can_read_post_body(user, obj.post)
        return True
    return True


def check_view(user, obj):
    if not can_view(user, obj):
        raise Http404


def can_read_post_body(user, post) -> bool:
    if post.is_hidden or post.is_removed:
        return can_moderate(user, post.thread.group)
    return can_view(user, post)


def visible_groups_q(user, prefix="") -> Q:
    """A Q that keeps rows whose group (reached through prefix, e.g. "group__") the user
    may see inside. One subquery, no per-row work."""
    if not is_active_account(user):
        return Q(pk__in=[])
    if is_editor(user):
        return Q()
    group_id = f"{prefix}id" if prefix else "id"
    mine = Membership.objects.filter(user_id=user.pk).values("group_id")
    live = Q(**{f"{prefix}live": True})
    working_mine = Q(**{f"{prefix}kind": GroupPage.Kind.WORKING, f"{group_id}__in": mine})
    if is_guest(user):
        return live & working_mine
    general = Q(**{f"{prefix}kind": GroupPage.Kind.GENERAL})
    return live & (general | working_mine)


def visible_group_ids(user) -> list:
    """The ids of the groups whose content the user may see, decided by visible_groups_q
    and fetched once per user object (a short list: there are at most a few hundred
    groups)."""
    cache = _cache(user)
    if "visible_group_ids" not in cache:
        cache["visible_group_ids"] = list(
            GroupPage.objects.filter(visible_groups_q(user)).order_by("pk")
            .values_list("pk", flat=True)
        )
    return cache["visible_group_ids"]


def filter_visible(user, qs, *, materialise=False, within=None):
    """Narrow a queryset of groups, folders, threads, posts or activities to what the
    user may see. materialise=True puts the visible group ids into the query as a list
    instead of a subquery with joins, so that PostgreSQL can plan a large search from the
    rows' side (same rule, see visible_group_ids).

    within=group: the list shown inside one group whose page is already loaded (a folder's
    threads and files, a group's recent threads). The group rule is decided once, here, for
    that group, and the query keeps only that group's rows, without joins to the group and
    page tables (planning them cost more than running the whole list query)."""
    if within is not None:
        return _filter_visible_within(user, qs, within)
    if qs.model is Attachment:
        return _filter_visible_attachments(user, qs)
    prefix = _GROUP_PATH.get(qs.model)
    if prefix is None:
        raise TypeError(f"community.access cannot filter {qs.model.__name__}")
    if materialise and not is_editor(user):
        qs = qs.filter(**{f"{prefix}id__in": visible_group_ids(user)})
    else:
        qs = qs.filter(visible_groups_q(user, prefix))
    if qs.model is Post and not is_editor(user):
        qs = qs.filter(is_hidden=False, is_removed=False)
    return qs


def users_who_can_view(obj):
    """Every active account that may see obj (for recipients; re-check per user anyway)."""
    group = _group_of(obj)
    users = User.objects.filter(is_active=True)
    editors = _editor_q()
    if not group.live:
        return users.filter(editors).distinct()
    if group.kind == GroupPage.Kind.GENERAL:
        return users.filter(Q(kind=User.Kind.MEMBER) | editors).distinct()
    return users.filter(Q(memberships__group=group) | editors).distinct()


def prime(user, *, roles: dict, editor: bool) -> None:
    """Pre-load what this module would otherwise query per user, for batch work (the
    signal mail builds hundreds of mails with a handful of queries). The rules stay here."""
    cache = _cache(user)
    cache["roles"] = dict(roles)
    cache["editor"] = cache["cms"] = bool(editor) and is_active_account(user)


def _editor_q():
    perm = Q(groups__permissions__codename="access_admin") | Q(
        user_permissions__codename="access_admin"
    )
    return (Q(is_superuser=True) | perm) & Q(authenticator__type="totp")


def editors():
    """Every active editor (CMS permission and a second factor)."""
    return User.objects.filter(is_active=True).filter(_editor_q()).distinct()


def editor_ids(user_ids) -> set:
    """Which of these users are editors (CMS permission and a second factor), in one query."""
    return set(
        User.objects.filter(pk__in=list(user_ids), is_active=True)
        .filter(_editor_q())
        .values_list("pk", flat=True)
        .distinct()
    )


def can_signal(user, activity) -> bool:
    """May this change appear in the user's signal mail? Everything they may see inside
    the group, except their own changes and posts that are hidden or removed."""
    return (
        is_group_member(user, activity.group)
        and can_view_group_content(user, activity.group)
        and _signal_item_ok(user, activity)
    )


def _signal_item_ok(user, activity) -> bool:
    if activity.actor_id is not None and activity.actor_id == user.pk:
        return False
    if activity.thread_id is not None and activity.thread.group_id != activity.group_id:
        return False  # the thread has moved to another group since: not signalled again
    if activity.post_id is not None:
        return not (activity.post.is_hidden or activity.post.is_removed)
    if activity.page_id is not None:
        return activity.page.live
    if activity.consultation_id is not None:
        # Told only while it can be answered, and only in the group it was opened in (an
        # editor may move it: the new group gets its own change). The group rule asked in
        # can_signal / filter_signalable is can_answer_consultation's rule for this group.
        consultation = activity.consultation
        return consultation.group_id == activity.group_id and consultation.is_open
    return True


def filter_signalable(user, activities):
    """can_signal over a list of changes of ONE group: the group rule is asked once."""
    if not activities:
        return []
    group = activities[0].group
    if not (is_group_member(user, group) and can_view_group_content(user, group)):
        return []
    return [a for a in activities if _signal_item_ok(user, a)]

# --- Accounts ----------------------------------------------------------------------------


def can_invite(user, group) -> bool:
    """Invite people (outside professionals included) into a working group: its
    coordinators and editors. General groups are for members only; nobody is invited."""
    if group.kind != GroupPage.Kind.WORKING or not group.live:
        return False
    if is_editor(user):
        return True
    return is_member(user) and roles(user).get(group.pk) == Membership.Role.COORDINATOR


def can_view_profile(viewer, profile_user) -> bool:
    """Member profiles are for members (and editors); guests and visitors see none."""
    return profile_rule(viewer)(profile_user)


def profile_rule(viewer):
    """can_view_profile(viewer, ·) for a page full of authors: the viewer's part is decided
    once, the returned function only looks at each author."""
    if not (is_member(viewer) or is_editor(viewer)):
        return lambda profile_user: False
    return lambda profile_user: bool(profile_user and profile_user.is_active)


def check_view_profile(viewer, profile_user):
    if not can_view_profile(viewer, profile_user):
        raise Http404


def can_review_applications(user) -> bool:
    return is_editor(user)


def needs_second_factor(user) -> bool:
    """Whoever may open the CMS needs a second factor (TOTP) for it. (A "staff" tick alone
    opens nothing: the CMS answers such an account 404.)"""
    return has_cms_permission(user)

# --- Files, working groups, profiles, own posts, moderation (issue 4) -------------------


def _filter_visible_within(user, qs, group):
    if not isinstance(group, GroupPage):
        raise TypeError("within= takes a GroupPage")
    if not can_view_group_content(user, group):
        return qs.none()
    hidden_posts_too = is_editor(user)
    if qs.model is Attachment:
        on_post = Q(post__thread__group_id=group.pk)
        if not hidden_posts_too:
            on_post &= Q(post__is_hidden=False, post__is_removed=False)
        return qs.filter(on_post | Q(folder__group_id=group.pk))
    prefix = _GROUP_PATH.get(qs.model)
    if prefix is None:
        raise TypeError(f"community.access cannot filter {qs.model.__name__}")
    qs = qs.filter(**{f"{prefix}id": group.pk})
    if qs.model is Post and not hidden_posts_too:
        qs = qs.filter(is_hidden=False, is_removed=False)
    return qs


def _filter_visible_attachments(user, qs):
    on_post = Q(post__isnull=False) & visible_groups_q(user, "post__thread__group__")
    if not is_editor(user):
        on_post &= Q(post__is_hidden=False, post__is_removed=False)
    in_folder = Q(folder__isnull=False) & visible_groups_q(user, "folder__group__")
    return qs.filter(on_post | in_folder)


def check_download(user, attachment):
    """The download view's check: the same rule as the file's parent, raised as 404."""
    check_view(user, attachment)


def can_upload(user, folder) -> bool:
    return can_post(user, folder.group) and not folder.is_archived


def can_manage_group(user, group) -> bool:
    """Coordinators of this group and editors: admit, invite and remove members, manage
    folders."""
    return can_moderate(user, group)


def can_request_join(user, group) -> bool:
    """A member (not a guest) asks to be admitted to a working group."""
    return (
        is_member(user)
        and group.live
        and group.kind == GroupPage.Kind.WORKING
        and not is_group_member(user, group)
    )


def can_edit_post(user, post) -> bool:
    """Authors edit or delete their own posts while they can still post in the group and
    the thread is open; a post hidden by a moderator stays as it is."""
    if not is_active_account(user) or post.author_id != user.pk:
        return False
    if post.is_removed or post.is_hidden:
        return False
    thread = post.thread
    if thread.is_locked and not can_moderate(user, thread.group):
        return False
    return can_post(user, thread.group) and can_view(user, thread)


def can_report(user, post) -> bool:
    return (
        post.author_id != user.pk
        and not (post.is_removed or post.is_hidden)
        and can_view(user, post.thread)
    )


def mark_post_permissions(user, thread, posts):
    """For one page of a thread: sets post.show_body, post.can_edit and post.can_report on
    each post, by the rules of can_read_post_body, can_edit_post and can_report, with the
    group- and thread-level part decided once for the page instead of once per post.
    (tests/community/test_access_bulk.py checks that both always agree.)"""
    group = thread.group
    visible = can_view(user, thread)
    moderator = visible and can_moderate(user, group)
    may_edit = visible and can_post(user, group) and (not thread.is_locked or moderator)
    user_id = user.pk if is_active_account(user) else None
    for post in posts:
        gone = post.is_hidden or post.is_removed
        mine = user_id is not None and post.author_id == user_id
        post.show_body = visible and (moderator if gone else True)
        post.can_edit = may_edit and mine and not gone
        post.can_report = visible and not mine and not gone and user_id is not None
    return posts


def filter_moderated_groups(user, qs):
    """The groups whose moderation queue the user sees."""
    if is_editor(user):
        return qs
    if not is_active_account(user):
        return qs.none()
    coordinated = [gid for gid, role in roles(user).items() if role == Membership.Role.COORDINATOR]
    return qs.filter(pk__in=coordinated, live=True)

# --- Audiences: knowledge articles and documents -----------------------------------------
# An article or a document collection is public, for members only, or for one working
# group. Apps that hold such content (knowledgebase) store one of these values and ask here.

AUDIENCE_PUBLIC = "public"
AUDIENCE_MEMBERS = "members"
AUDIENCE_GROUP = "group"


def can_view_audience(user, audience, group=None) -> bool:
    """May the user see content meant for this audience (group: for AUDIENCE_GROUP)?
    Public: everyone. Members: members (not guests) and editors. Group: whoever may see
    inside that group. An unknown audience or a group audience without group: editors only."""
    if audience == AUDIENCE_PUBLIC:
        return True
    if is_editor(user):
        return True
    if audience == AUDIENCE_MEMBERS:
        return is_member(user)
    if audience == AUDIENCE_GROUP and group is not None:
        return can_view_group_content(user, group)
    return False


def audience_q(user, audience_field="audience", group_prefix="working_group__", *,
               materialise=False) -> Q:
    """The Q form of can_view_audience, for querysets (lists, search). materialise=True
    names the visible groups as a list of ids (visible_group_ids, the same rule) instead
    of joining the group and page tables."""
    if is_editor(user):
        return Q()
    q = Q(**{audience_field: AUDIENCE_PUBLIC})
    if is_member(user):
        q |= Q(**{audience_field: AUDIENCE_MEMBERS})
    if is_active_account(user):
        if materialise:
            in_group = Q(**{f"{group_prefix}id__in": visible_group_ids(user)})
        else:
            in_group = visible_groups_q(user, group_prefix)
        q |= Q(**{audience_field: AUDIENCE_GROUP}) & in_group
    return q


def wants_login(user, audience) -> bool:
    """An anonymous visitor who asks for members-only content is sent to the login page;
    everything else they may not see answers 404."""
    return not is_active_account(user) and audience == AUDIENCE_MEMBERS


def passes_view_restrictions(user, restrictions) -> bool:
    """Wagtail privacy settings (PageViewRestriction or CollectionViewRestriction rows on the
    object or its ancestors), for surfaces that have no request, such as search. "Logged-in
    users" means members and editors: a guest sees nothing outside their working groups.
    Password restrictions are never passed here: they hold per browser session."""
    for restriction in restrictions:
        if is_editor(user):
            continue
        kind = restriction.restriction_type
        if kind == "login" and is_member(user):
            continue
        if kind == "groups" and is_active_account(user):
            group_ids = {g.pk for g in restriction.groups.all()}
            if group_ids & set(user.groups.values_list("pk", flat=True)):
                continue
        return False
    return True


def guest_stopped_by(user, restrictions) -> bool:
    """At the serve views Wagtail's own check lets every logged-in account through a
    "logged-in users" setting; passes_view_restrictions' reading of that setting (members and
    editors) stops the others here, a guest (invariant: nothing outside their working
    groups). Password and group settings stay Wagtail's to check there (per session)."""
    logins = [r for r in restrictions if r.restriction_type == "login"]
    return is_active_account(user) and not passes_view_restrictions(user, logins)


# --- Advocacy: knelpunten and consultations -------------------------------------------------


def can_use_knelpunten(user) -> bool:
    """The knelpunten register is for members (and editors) to read; guests and visitors
    get 404. Who may report and say "wij ook" is narrower: knelpunt_refusal."""
    return is_member(user) or is_editor(user)


def knelpunt_refusal(user, knelpunt=None) -> str | None:
    """Why the user may not report a knelpunt (knelpunt=None) or say "wij ook" about this
    one, or None when they may:

    - "no_register": not a reader of the register at all (guests, visitors): 404;
    - "editor": editors read and triage in the CMS, they do not report or share;
    - "no_organisation": a member whose account has no organisation yet;
    - "not_municipal": the organisation is not a municipality or cooperation body;
    - "own_organisation": the knelpunt was reported by the member's own organisation.
    """
    if not can_use_knelpunten(user):
        return "no_register"
    if is_editor(user):
        return "editor"
    if user.organisation_id is None:
        return "no_organisation"
    if not user.organisation.is_municipal:
        return "not_municipal"
    if knelpunt is not None and knelpunt.organisation_id == user.organisation_id:
        return "own_organisation"
    return None


def can_report_knelpunt(user) -> bool:
    """Members of a municipality or municipal cooperation body report knelpunten."""
    return knelpunt_refusal(user) is None


def can_support_knelpunt(user, knelpunt) -> bool:
    """"Wij lopen hier ook tegenaan": members of another municipal organisation than the
    reporter's (once per organisation: the service refuses a second time)."""
    return knelpunt_refusal(user, knelpunt) is None


def can_answer_consultation(user, consultation) -> bool:
    """Members of the consulted group answer (once, editable until closing)."""
    group = consultation.group
    return can_view_group_content(user, group) and is_group_member(user, group)


def can_view_consultation(user, consultation) -> bool:
    return is_editor(user) or can_answer_consultation(user, consultation)


def filter_answerable_consultations(user, qs):
    """can_answer_consultation for a queryset of consultations (the dashboard, the group
    page): those of the groups the user belongs to and may see inside, in one query. Open
    or closed is the caller's choice. (tests/advocacy/test_consultation_lists.py checks it
    agrees with can_answer_consultation.)"""
    if not is_active_account(user):
        return qs.none()
    mine = Membership.objects.filter(user_id=user.pk).values("group_id")
    return qs.filter(visible_groups_q(user, "group__"), group_id__in=mine)
