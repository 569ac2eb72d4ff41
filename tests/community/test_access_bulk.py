"""access.mark_post_permissions (one page of a thread at once) must agree with the
per-post rules can_read_post_body, can_edit_post and can_report for every kind of visitor
and post."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from community import access, services
from community.models import GroupPage, Membership, Post, Thread
from tests.factories import GuestFactory, UserFactory, folder_of, make_editor, make_group, member_of


@pytest.fixture
def world(tree):
    general = make_group("Algemeen overleg")
    working = make_group("Werkgroep toezicht", kind=GroupPage.Kind.WORKING)
    author = member_of(general)
    member_of(working, author)
    coordinator = member_of(working, role=Membership.Role.COORDINATOR)
    member_of(general, coordinator, role=Membership.Role.COORDINATOR)
    guest = member_of(working, GuestFactory())
    deactivated = UserFactory()
    visitors = {
        "author": author,
        "member": UserFactory(),
        "coordinator": coordinator,
        "editor": make_editor(),
        "editor without second factor": make_editor(totp=False),
        "guest": guest,
        "guest elsewhere": GuestFactory(),
        "deactivated": deactivated,
        "anonymous": AnonymousUser(),
    }
    threads = []
    for group in (general, working):
        thread = services.create_thread(author=author, folder=folder_of(group), title="Vraag",
                                        body="Opening")
        other = services.create_reply(author=coordinator, thread=thread, body="Antwoord")
        mine = services.create_reply(author=author, thread=thread, body="Aanvulling")
        hidden = services.create_reply(author=coordinator, thread=thread, body="Verborgen")
        removed = services.create_reply(author=author, thread=thread, body="Weg")
        former = services.create_reply(author=author, thread=thread, body="Oud-lid")
        Post.objects.filter(pk=hidden.pk).update(is_hidden=True)
        Post.objects.filter(pk=removed.pk).update(is_removed=True)
        Post.objects.filter(pk=former.pk).update(author=None)
        del other, mine
        threads.append(thread.pk)
    deactivated.is_active = False
    deactivated.save()
    return visitors, threads


@pytest.mark.django_db
@pytest.mark.parametrize("locked", [False, True])
def test_bulk_post_permissions_agree_with_the_per_post_rules(world, locked):
    visitors, thread_ids = world
    Thread.objects.filter(pk__in=thread_ids).update(is_locked=locked)
    checked = 0
    for (name, user), thread_id in itertools.product(visitors.items(), thread_ids):
        access.forget(user)
        thread = Thread.objects.select_related("folder", "group").get(pk=thread_id)
        thread.group = thread.folder.group = GroupPage.objects.get(pk=thread.group_id)
        posts = list(Post.objects.filter(thread=thread).order_by("pk"))
        for post in posts:
            post.thread = thread
        access.mark_post_permissions(user, thread, posts)
        for post in posts:
            expected = (
                access.can_view(user, thread) and access.can_read_post_body(user, post),
                access.can_edit_post(user, post),
                access.can_report(user, post),
            )
            assert (post.show_body, post.can_edit, post.can_report) == expected, (
                name, post.body, locked)
            checked += 1
    assert checked == len(visitors) * 2 * 6


@pytest.mark.django_db
def test_profile_rule_agrees_with_can_view_profile(world):
    visitors, _threads = world
    profiles = [user for user in visitors.values() if user.is_authenticated] + [None]
    for name, viewer in visitors.items():
        access.forget(viewer)
        rule = access.profile_rule(viewer)
        for profile_user in profiles:
            assert rule(profile_user) == access.can_view_profile(viewer, profile_user), (
                name, profile_user)
