"""Cases from the newcomer's review of the portal: a reply's own words in the signal mail,
following a group by posting in it, coordinators told about join requests, profiles
reachable from a thread, the knelpunten in the menu."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import GroupPage, JoinRequest, Membership
from community.sanitise import excerpt, without_quotes
from notifications import pipeline
from tests.community.files import pdf_bytes, upload
from tests.factories import GuestFactory, UserFactory, folder_of, make_editor, make_group, member_of

pytestmark = pytest.mark.django_db


def later(minutes=6):
    return timezone.now() + timedelta(minutes=minutes)


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.fixture
def group(tree):
    return make_group("Veiligheidsbeleid", folders=("Algemeen",))


def test_own_words_leave_nested_quotes_out_and_keep_a_post_that_is_only_a_quote():
    body = ("<blockquote><p>A <blockquote><p>B</p></blockquote> C</p></blockquote>"
            "<p>Mijn antwoord.</p><blockquote><p>D</p></blockquote><p>Slot.</p>")
    assert excerpt(body, own_words=True) == "Mijn antwoord. Slot."
    only_quote = "<blockquote><p>Alleen een citaat</p></blockquote>"
    assert without_quotes(only_quote) == only_quote


def test_signal_mail_shows_the_reply_not_the_quote_it_starts_with(group):
    asker = member_of(group, frequency="direct")
    answerer = member_of(group, frequency="direct")
    thread = services.create_thread(author=asker, folder=folder_of(group), title="Damocles",
                                    body="Wij overwegen een Damoclesbeleidsregel.")
    pipeline.run(now=later())
    mail.outbox.clear()
    services.create_reply(author=answerer, thread=thread, quote=thread.posts.get(),
                          body="Bij ons werkt een waarschuwing vooraf het best.")
    pipeline.run(now=later(12))
    [message] = mails_to(asker)
    assert "Bij ons werkt een waarschuwing vooraf" in message.body
    assert "Wij overwegen" not in message.body


def test_signal_mail_links_a_folder_file_to_the_folders_files(group):
    uploader = member_of(group)
    follower = member_of(group, frequency="direct")
    folder = folder_of(group)
    services.upload_file(uploader=uploader, folder=folder, upload=upload("plan.pdf", pdf_bytes(), "application/pdf"))
    pipeline.run(now=later())
    [message] = mails_to(follower)
    assert f"http://testserver{folder.get_url()}#bestanden" in message.body


def test_posting_in_a_general_group_makes_the_author_follow_it(client, group):
    outsider = UserFactory(default_signal_frequency="direct")
    regular = member_of(group, frequency="direct")
    client.force_login(outsider)
    folder = folder_of(group)
    form_page = client.get(f"{folder.get_url()}nieuw/").content.decode()
    assert "U bent nog geen lid van deze groep" in form_page
    response = client.post(f"{folder.get_url()}nieuw/", {
        "title": "Fietsendiefstal bij stations", "body": "Wie heeft een aanpak?",
        "client_token": services.new_client_token()}, follow=True)
    assert "U bent nu lid van Veiligheidsbeleid" in response.content.decode()
    assert Membership.objects.filter(user=outsider, group=group, signal_frequency="direct").exists()
    pipeline.run(now=later())
    mail.outbox.clear()
    thread = group.threads.get()
    services.create_reply(author=regular, thread=thread, body="Wij plaatsen camera's.")
    pipeline.run(now=later(12))
    [message] = mails_to(outsider)
    assert "Wij plaatsen camera" in message.body


def test_a_member_who_replies_follows_the_group_but_a_working_group_is_not_joined_so(group):
    outsider = UserFactory()
    thread = services.create_thread(author=member_of(group), folder=folder_of(group),
                                    title="Vraag", body="Tekst")
    services.create_reply(author=outsider, thread=thread, body="Antwoord")
    assert Membership.objects.filter(user=outsider, group=group).exists()
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING)
    editor = make_editor()
    wthread = services.create_thread(author=member_of(working), folder=folder_of(working),
                                     title="Besloten", body="Tekst")
    services.create_reply(author=editor, thread=wthread, body="Vanuit de redactie")
    assert not Membership.objects.filter(user=editor, group=working).exists()


def test_a_join_request_is_mailed_to_the_coordinators_and_waits_on_their_dashboard(
        client, tree, django_capture_on_commit_callbacks):
    working = make_group("Werkgroep ondermijning", kind=GroupPage.Kind.WORKING)
    coordinator = member_of(working, role=Membership.Role.COORDINATOR)
    plain = member_of(working)
    asker = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_join(user=asker, group=working, message="Ik werk aan ondermijning.")
    [message] = mails_to(coordinator)
    assert asker.display_name in message.body and "Ik werk aan ondermijning." in message.body
    assert f"http://testserver{working.url}verzoeken/" in message.body
    assert mails_to(plain) == []
    client.force_login(coordinator)
    dashboard = client.get(reverse("community:dashboard")).content.decode()
    assert "1 verzoek wacht op uw besluit" in dashboard
    assert "Verzoeken om deel te nemen (1)" in client.get(working.url).content.decode()
    client.force_login(plain)
    assert "wacht op uw besluit" not in client.get(reverse("community:dashboard")).content.decode()


def test_a_join_request_for_a_group_without_coordinator_goes_to_the_editors(
        tree, django_capture_on_commit_callbacks):
    working = make_group("Werkgroep zonder coördinator", kind=GroupPage.Kind.WORKING)
    editor = make_editor()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_join(user=UserFactory(), group=working)
    assert len(mails_to(editor)) == 1
    assert JoinRequest.objects.filter(group=working).count() == 1


def test_thread_authors_link_to_their_profile_for_members_not_for_guests(client, tree):
    working = make_group("Werkgroep", kind=GroupPage.Kind.WORKING)
    author = member_of(working)
    thread = services.create_thread(author=author, folder=folder_of(working), title="Vraag",
                                    body="Tekst")
    profile = reverse("community:member_profile", args=[author.pk])
    client.force_login(member_of(working))
    assert f'href="{profile}"' in client.get(thread.get_url()).content.decode()
    client.force_login(member_of(working, GuestFactory()))
    page = client.get(thread.get_url())
    assert page.status_code == 200 and f'href="{profile}"' not in page.content.decode()


def test_profile_recent_posts_say_what_they_are_and_show_their_words(client, group):
    author = member_of(group)
    thread = services.create_thread(author=author, folder=folder_of(group), title="Raad",
                                    body="Hoe betrekken jullie de raad?")
    services.create_reply(author=author, thread=thread, body="Aanvulling: via een brief.")
    client.force_login(UserFactory())
    page = client.get(reverse("community:member_profile", args=[author.pk])).content.decode()
    assert "Nieuw onderwerp: Raad" in page and "Reactie op: Raad" in page
    assert "Aanvulling: via een brief." in page


def test_the_menu_shows_the_knelpunten_to_members_only(client, tree):
    assert 'href="/knelpunten/"' not in client.get("/zoeken/").content.decode()
    client.force_login(UserFactory())
    assert 'href="/knelpunten/"' in client.get("/zoeken/").content.decode()
    client.force_login(GuestFactory())
    assert 'href="/knelpunten/"' not in client.get("/zoeken/").content.decode()
