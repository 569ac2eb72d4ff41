"""Files: checked by content, stored privately, served only through the access module."""

import uuid

import pytest

from community import services
from community.models import Activity, Attachment, GroupPage, Membership
from tests.community.files import (
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    plain_zip_bytes,
    png_bytes,
    upload,
)
from tests.factories import UserFactory, folder_of, make_group, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(tree):
    general = make_group("Veiligheidsbeleid", folders=("Analyses",))
    working = make_group("Werkgroep buitengebied", kind=GroupPage.Kind.WORKING, folders=("Casuïstiek", "Archief"))
    return general, working


def _upload_to_folder(client, folder, name, content):
    return client.post(folder.get_url() + "bestand/", {"bestand": upload(name, content)}, follow=True)


@pytest.mark.parametrize("name,content,content_type", [
    ("analyse.pdf", pdf_bytes(), "application/pdf"),
    ("kaart.png", png_bytes(), "image/png"),
    ("notulen.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("plan.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
])
def test_member_uploads_allowed_file_to_folder_and_downloads_it(client, groups, name, content, content_type):
    general, _ = groups
    user = member_of(general)
    client.force_login(user)
    folder = folder_of(general)
    response = _upload_to_folder(client, folder, name, content)
    assert "Het bestand is toegevoegd aan de map." in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.folder == folder and attachment.content_type == content_type
    assert Activity.objects.filter(kind="file", attachment=attachment, actor=user).count() == 1
    assert name in client.get(folder.get_url()).content.decode()

    download = client.get(attachment.get_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == content_type


def test_files_are_stored_outside_media_root_without_url(client, groups, settings):
    general, _ = groups
    client.force_login(member_of(general))
    _upload_to_folder(client, folder_of(general), "analyse.pdf", pdf_bytes())
    attachment = Attachment.objects.get()
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _ = attachment.file.url


@pytest.mark.parametrize("name,content,message", [
    ("rapport.pdf", b"<html><script>alert(1)</script></html>", "geen toegestaan bestandstype"),
    ("archief.docx", plain_zip_bytes(), "geen toegestaan bestandstype"),
    ("kaart.pdf", png_bytes(), "past niet bij de naam"),
    ("script.html", b"<html></html>", "geen toegestaan bestandstype"),
    ("programma.exe", b"MZ\x90\x00" + b"\x00" * 100, "geen toegestaan bestandstype"),
])
def test_disguised_or_foreign_file_is_refused_in_dutch_and_nothing_is_stored(client, groups, name, content, message):
    general, _ = groups
    client.force_login(member_of(general))
    response = _upload_to_folder(client, folder_of(general), name, content)
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and not Activity.objects.exists()


def test_file_over_the_limit_is_refused_in_dutch(client, groups, settings):
    general, _ = groups
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(member_of(general))
    response = _upload_to_folder(client, folder_of(general), "groot.pdf", pdf_bytes() + b"0" * 2000)
    assert "is te groot" in response.content.decode()
    assert not Attachment.objects.exists()


def test_reply_with_disguised_attachment_creates_no_post(client, groups):
    general, _ = groups
    user = member_of(general)
    thread = services.create_thread(author=user, folder=folder_of(general), title="T", body="b")
    client.force_login(user)
    response = client.post(thread.get_url(), {
        "body": "Zie bijlage", "client_token": str(uuid.uuid4()),
        "bestand": upload("nota.pdf", b"<html>nee</html>"),
    })
    assert "geen toegestaan bestandstype" in response.content.decode()
    assert thread.posts.count() == 1 and not Attachment.objects.exists()


def test_reply_with_attachment_is_listed_and_downloadable(client, groups):
    general, _ = groups
    user = member_of(general)
    thread = services.create_thread(author=user, folder=folder_of(general), title="T", body="b")
    client.force_login(user)
    client.post(thread.get_url(), {"body": "Zie bijlage", "client_token": str(uuid.uuid4()),
                                   "bestand": upload("nota.pdf", pdf_bytes())})
    attachment = Attachment.objects.get()
    assert attachment.post.thread == thread and attachment.folder is None
    assert "nota.pdf" in client.get(thread.get_url()).content.decode()
    assert client.get(attachment.get_url()).status_code == 200
    assert Activity.objects.filter(kind="file", post=attachment.post).count() == 1


def test_moving_thread_changes_who_may_download_at_once(client, groups):
    general, working = groups
    editor_like = member_of(working, role=Membership.Role.COORDINATOR)
    member_of(general, user=editor_like, role=Membership.Role.COORDINATOR)
    thread = services.create_thread(
        author=editor_like, folder=folder_of(general), title="Open vraag", body="b",
        files=[upload("open.pdf", pdf_bytes())],
    )
    attachment = Attachment.objects.get()
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(attachment.get_url()).status_code == 200

    services.move_thread(actor=editor_like, thread=thread, folder=folder_of(working, "Casuïstiek"))
    assert client.get(attachment.get_url()).status_code == 404
    assert client.get(thread.posts.first().thread.get_url()).status_code == 404
    client.force_login(editor_like)
    assert client.get(attachment.get_url()).status_code == 200


def test_file_of_hidden_post_is_not_downloadable_by_members(client, groups):
    general, _ = groups
    author = member_of(general)
    coordinator = member_of(general, role=Membership.Role.COORDINATOR)
    thread = services.create_thread(author=author, folder=folder_of(general), title="T", body="b",
                                    files=[upload("a.pdf", pdf_bytes())])
    attachment = Attachment.objects.get()
    services.set_post_hidden(actor=coordinator, post=thread.posts.get(), hidden=True)
    client.force_login(UserFactory())
    assert client.get(attachment.get_url()).status_code == 404
    client.force_login(coordinator)
    assert client.get(attachment.get_url()).status_code == 200


def test_anonymous_download_goes_to_login_whether_or_not_the_file_exists(client, groups):
    general, _ = groups
    user = member_of(general)
    services.upload_file(uploader=user, folder=folder_of(general), upload=upload("a.pdf", pdf_bytes()))
    for pk in (Attachment.objects.get().pk, 999999):
        response = client.get(f"/mijn-netwerk/bestand/{pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")
