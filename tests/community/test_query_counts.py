"""Group, folder and thread pages make the same number of queries with 10 and 1,000 items,
with files on both sides and with none (a page without any files skips the file query)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Attachment, Post, Thread
from tests.factories import UserFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


def _fill(group, n, author, files=True):
    folder = folder_of(group)
    now = timezone.now()
    threads = Thread.objects.bulk_create([
        Thread(group=group, folder=folder, title=f"Onderwerp {i}", author=author, last_activity_at=now)
        for i in range(n)
    ])
    big = threads[0]
    posts = Post.objects.bulk_create([
        Post(thread=big, author=author, body=f"<p>Reactie {i}</p>", is_opening=i == 0, created_at=now)
        for i in range(n)
    ])
    Thread.objects.filter(pk=big.pk).update(reply_count=n - 1)
    if not files:
        return {"group": group.url, "folder": folder.get_url(), "thread": big.get_url()}
    Attachment.objects.bulk_create(
        [Attachment(post=p, filename=f"bijlage{i}.pdf", content_type="application/pdf", size=10,
                    file="bijlagen/x.pdf", uploaded_by=author) for i, p in enumerate(posts[:n // 2])]
        + [Attachment(folder=folder, filename=f"map{i}.pdf", content_type="application/pdf", size=10,
                      file="bijlagen/y.pdf", uploaded_by=author) for i in range(n)]
    )
    return {"group": group.url, "folder": folder.get_url(), "thread": big.get_url()}


def _count(client, url):
    client.get(url)  # warm-up: session, visit row
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("files", [True, False], ids=["with-files", "without-files"])
@pytest.mark.parametrize("surface", ["group", "folder", "thread"])
def test_page_queries_do_not_grow_with_items(client, tree, surface, files,
                                             django_assert_num_queries):
    small_group = make_group("Klein", folders=("Algemeen",))
    big_group = make_group("Groot", folders=("Algemeen",))
    member = UserFactory()
    for group in (small_group, big_group):
        member_of(group, user=member)
    other = UserFactory()
    small = _fill(small_group, 10, other, files)
    big = _fill(big_group, 1000, other, files)
    client.force_login(member)
    expected = _count(client, small[surface])
    assert expected > 5  # the count itself was captured
    client.get(big[surface])
    with django_assert_num_queries(expected):
        response = client.get(big[surface])
    assert response.status_code == 200
