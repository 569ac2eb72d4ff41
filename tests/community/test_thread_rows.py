"""The thread page reads its posts as plain rows (selectors.ThreadPost / PostAuthor): what
it shows of each post and author must be what the models themselves say."""

import pytest
from django.utils.html import escape

from community import services
from community.models import Attachment, Organisation, Post
from tests.factories import UserFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


def test_each_post_shows_its_author_as_the_models_name_them(client, tree):
    group = make_group("Veiligheidsbeleid")
    region = Organisation.objects.filter(kind=Organisation.Kind.SAFETY_REGION).first()
    named = member_of(group, UserFactory(first_name="Sanne", last_name="de <Boer>"))
    regional = member_of(group, UserFactory(first_name="Piet", last_name="Smit",
                                            organisation=region))
    bare = member_of(group, UserFactory(first_name="", last_name="", username="lid-zonder-naam",
                                        organisation=None))
    leaving = member_of(group, UserFactory(first_name="Oud", last_name="Lid"))
    thread = services.create_thread(author=named, folder=folder_of(group), title="Vraag",
                                    body="Eerste bericht")
    with_file = services.create_reply(author=regional, thread=thread, body="Met bijlage")
    Attachment.objects.create(post=with_file, filename="plan <v2>.pdf", size=2048,
                              content_type="application/pdf", file="bijlagen/x.pdf",
                              uploaded_by=regional)
    services.create_reply(author=bare, thread=thread, body="Zonder naam")
    gone = services.create_reply(author=leaving, thread=thread, body="Van een oud-lid")
    Post.objects.filter(pk=gone.pk).update(author=None)
    reader = member_of(group)
    client.force_login(reader)

    html = client.get(thread.get_url()).content.decode()

    for person in (named, regional, bare):
        assert escape(person.display_name) in html
        if person.organisation_id:
            assert f"{escape(person.display_name)}</a>, {escape(str(person.organisation))}" in html
    assert "de &lt;Boer&gt;" in html and "de <Boer>" not in html
    assert str(region).startswith("Veiligheidsregio ") and str(region) in html
    assert "lid-zonder-naam</a></h2>" in html  # no organisation, no trailing comma
    assert ">voormalig lid</h2>" in html
    assert "plan &lt;v2&gt;.pdf</a> (2,0\xa0KB)" in html or "plan &lt;v2&gt;.pdf</a> (2.0\xa0KB)" in html
    assert html.count('class="portal-post"') == 4
