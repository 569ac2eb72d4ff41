"""The member's own account: profile, change e-mail and password, download and delete."""

import json
import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import Membership, Post, Thread, User
from tests.factories import PASSWORD, GuestFactory, UserFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tree):
    return UserFactory(email="sanne@utrecht.nl", first_name="Sanne", last_name="Bakker",
                       function="Adviseur OOV")


def test_member_edits_own_profile_and_sees_organisation(client, member):
    client.force_login(member)
    html = client.get(reverse("community:my_profile")).content.decode()
    assert "Gemeente Utrecht" in html and "Adviseur OOV" in html
    response = client.post(reverse("community:my_profile"),
                           {"first_name": "Sanne", "last_name": "de Boer", "function": "Teamleider"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.last_name, member.function) == ("de Boer", "Teamleider")
    response = client.post(reverse("community:my_profile"), {"first_name": "", "last_name": "X"})
    assert response.status_code == 200 and "verplicht" in response.content.decode()
    member.refresh_from_db()
    assert member.last_name == "de Boer"


def test_member_profiles_are_for_members_only(client, member):
    url = reverse("community:member_profile", args=[member.pk])
    assert client.get(url)["Location"].startswith("/account/login/")  # anonymous
    client.force_login(GuestFactory())
    assert client.get(url).status_code == 404
    # A guest does keep their own account page.
    assert client.get(reverse("community:my_profile")).status_code == 200
    client.force_login(UserFactory())
    html = client.get(url).content.decode()
    assert "Sanne Bakker" in html and "Adviseur OOV" in html
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_change_email_is_verified_and_the_domain_rule_applies_again(client, member):
    client.force_login(member)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "sanne@example.com"})
    assert "hoort niet bij een organisatie" in response.content.decode()
    assert mail.outbox == []

    client.post(reverse("account_email"), {"action_add": "", "email": "S.Bakker@Amsterdam.NL"})
    member.refresh_from_db()
    assert member.email == "sanne@utrecht.nl"  # unchanged until verified
    [message] = mail.outbox
    assert message.to == ["s.bakker@amsterdam.nl"]
    link = re.search(r"http://testserver(/account/confirm-email/\S+/)", message.body).group(1)
    client.post(link)
    member.refresh_from_db()
    assert member.email == "s.bakker@amsterdam.nl"
    assert member.organisation.name == "Amsterdam"
    assert EmailAddress.objects.get(user=member, primary=True).email == "s.bakker@amsterdam.nl"


def test_change_password(client, member):
    client.post(reverse("account_login"), {"login": "sanne@utrecht.nl", "password": PASSWORD})
    new = "Een-nieuw-wachtwoord-26"
    response = client.post(reverse("account_change_password"),
                           {"oldpassword": PASSWORD, "password1": new, "password2": new})
    assert response.status_code == 302
    assert User.objects.get(pk=member.pk).check_password(new)
    fresh = Client()
    fresh.post(reverse("account_login"), {"login": "sanne@utrecht.nl", "password": new})
    assert fresh.session["_auth_user_id"] == str(member.pk)


@pytest.fixture
def with_posts(member):
    group = make_group("Veiligheidsbeleid", folders=("Algemeen",))
    member_of(group, member, frequency="weekly")
    other = member_of(group)
    thread = services.create_thread(author=member, folder=folder_of(group),
                                    title="Mijn vraag over cameratoezicht", body="Wie heeft ervaring?")
    services.create_reply(author=other, thread=thread, body="Wij wel.")
    services.create_reply(author=member, thread=thread, body="Dank, ik bel u.")
    return group, thread


def test_download_my_data_as_json(client, member, with_posts):
    group, thread = with_posts
    client.force_login(member)
    response = client.get(reverse("community:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "sanne@utrecht.nl"
    assert data["profile"]["organisation"] == "Gemeente Utrecht"
    assert data["follows"] == [{"group": "Veiligheidsbeleid", "role": "member",
                                "signal_frequency": "weekly", "since": data["follows"][0]["since"]}]
    assert [p["body"] for p in data["posts"]] == ["<p>Wie heeft ervaring?</p>", "<p>Dank, ik bel u.</p>"]
    assert "Wij wel." not in response.content.decode()  # someone else's post
    assert Client().get(reverse("community:my_data")).status_code == 302


def test_delete_account_keeps_posts_as_former_member(client, member, with_posts):
    group, thread = with_posts
    client.post(reverse("account_login"), {"login": "sanne@utrecht.nl", "password": PASSWORD})
    response = client.post(reverse("community:delete_account"), {"password": "fout"})
    assert response.status_code == 200 and "klopt niet" in response.content.decode()
    assert User.objects.filter(pk=member.pk).exists()

    from community.models import Application, Invitation

    Application.objects.create(email="sanne@utrecht.nl", first_name="Sanne", last_name="Bakker",
                               function="x", organisation_name="x", motivation="x")
    Invitation.objects.create(group=group, email="sanne@utrecht.nl", nonce=uuid.uuid4(),
                              expires_at=timezone.now(), accepted_by=member)
    response = client.post(reverse("community:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Application.objects.exists() and not Invitation.objects.exists()
    assert not User.objects.filter(email="sanne@utrecht.nl").exists()
    assert not EmailAddress.objects.filter(email="sanne@utrecht.nl").exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert Post.objects.filter(thread=thread).count() == 3
    assert Thread.objects.get(pk=thread.pk).author is None

    reader = Client()
    reader.force_login(UserFactory())
    html = reader.get(thread.get_url()).content.decode()
    assert "voormalig lid" in html and "Sanne" not in html and "Dank, ik bel u." in html
    response = client.post(reverse("account_login"), {"login": "sanne@utrecht.nl", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def png_bytes(size=(800, 600)):
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(name, content, content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


PROFILE = {"first_name": "Sanne", "last_name": "Bakker", "function": "Adviseur OOV"}


def test_profile_photo_is_re_encoded_and_shown_to_members_only(client, member):
    from io import BytesIO

    from PIL import Image

    client.force_login(member)
    response = client.post(reverse("community:my_profile"),
                           {**PROFILE, "photo": upload("ik.png", png_bytes())})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name.startswith("profielfoto/") and member.photo.name.endswith(".jpg")
    url = reverse("community:member_photo", args=[member.pk])

    viewer = Client()
    viewer.force_login(UserFactory())
    response = viewer.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert image.format == "JPEG" and max(image.size) <= 400
    assert f'src="{url}"' in viewer.get(reverse("community:member_profile", args=[member.pk])).content.decode()

    assert Client().get(url).status_code == 404
    guest = Client()
    guest.force_login(GuestFactory())
    assert guest.get(url).status_code == 404

    old = member.photo.name
    client.post(reverse("community:my_profile"), {**PROFILE, "remove_photo": "on"})
    member.refresh_from_db()
    assert not member.photo and not member.photo.storage.exists(old)
    assert viewer.get(url).status_code == 404


@pytest.mark.parametrize("name, content, message", [
    ("foto.png", b"<script>alert(1)</script>", "geen bruikbare foto"),    # disguised file
    ("foto.gif", "gif", "Kies een JPEG- of PNG-bestand"),                # real image, other format
    ("groot.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1), "te groot"),
])
def test_bad_profile_photo_is_refused_in_dutch(client, member, name, content, message):
    if content == "gif":
        from io import BytesIO

        from PIL import Image

        out = BytesIO()
        Image.new("RGB", (10, 10)).save(out, format="GIF")
        content = out.getvalue()
    client.force_login(member)
    response = client.post(reverse("community:my_profile"), {**PROFILE, "photo": upload(name, content)})
    assert response.status_code == 200 and message in response.content.decode()
    member.refresh_from_db()
    assert not member.photo


def test_other_apps_add_their_section_to_the_data_download(client, member, monkeypatch):
    from community import accounts_services

    monkeypatch.setattr(accounts_services, "_EXPORTS", {})
    accounts_services.register_export("knelpunten", lambda user: [{"titel": f"van {user.first_name}"}])
    client.force_login(member)
    data = json.loads(client.get(reverse("community:my_data")).content)
    assert data["knelpunten"] == [{"titel": "van Sanne"}]
