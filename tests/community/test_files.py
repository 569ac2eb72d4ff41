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


# --- Disguised office files, PDFs and OLE containers ---------------------------------------

DOCX_TYPES = ('<Types><Override PartName="/word/document.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def _zip(members):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buf.getvalue()


def ole_bytes(*streams):
    """A minimal OLE (Compound File) container: header, one FAT sector, one directory sector
    with the root entry and the given (empty) streams."""
    import struct

    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *[free] * 126)

    def entry(name, kind, child=no_stream, right=no_stream):
        encoded = name.encode("utf-16-le")
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBBIII", len(encoded) + 2, kind, 1, no_stream, right, child)
                + b"\x00" * 36 + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, child=1 if streams else no_stream)]
    for index, name in enumerate(streams, start=1):
        entries.append(entry(name, 2, right=index + 1 if index < len(streams) else no_stream))
    directory = b"".join(entries).ljust(512, b"\x00")
    return header + fat + directory


@pytest.mark.parametrize("name,content,message", [
    # (a) a zip that only names the Word type, with a web page and a program inside
    ("nota.docx", _zip([("[Content_Types].xml", DOCX_TYPES), ("evil.html", "<script>x</script>"),
                        ("setup.exe", b"MZ")]), "scripts of webpagina"),
    # (a) the Word type without its main part
    ("nota.docx", _zip([("[Content_Types].xml", DOCX_TYPES), ("word/styles.xml", "<w:styles/>")]),
     "is beschadigd of onvolledig"),
    # (a) a real-looking docx with a script member
    ("nota.docx", _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", "<w:document/>"),
                        ("word/media/run.js", "alert(1)")]), "scripts of webpagina"),
    ("blad.xlsx", _zip([("[Content_Types].xml", DOCX_TYPES.replace("wordprocessingml.document", "spreadsheetml.sheet")),
                        ("word/document.xml", "<w:document/>")]), "is beschadigd of onvolledig"),
    # (b) an OpenDocument with only its mimetype and a script
    ("plan.odt", _zip([("mimetype", "application/vnd.oasis.opendocument.text"), ("macro.js", "alert(1)")]),
     "scripts of webpagina"),
    ("plan.odt", _zip([("mimetype", "application/vnd.oasis.opendocument.text")]), "is beschadigd of onvolledig"),
    ("plan.odt", _zip([("content.xml", "<office:document-content/>"),
                       ("mimetype", "application/vnd.oasis.opendocument.text")]), "is beschadigd of onvolledig"),
    # (c) a "PDF" that is a web page behind a PDF header, and one that never ends
    ("rapport.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", "scripts of webpagina"),
    ("rapport.pdf", b"%PDF-1.4\n<HTML><body>hallo</body></HTML>", "scripts of webpagina"),
    ("rapport.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n", "is beschadigd of onvolledig"),
    # (d) an OLE container without the stream of the declared type
    ("notulen.doc", ole_bytes("SummaryInformation"), "is beschadigd of onvolledig"),
    ("begroting.xls", ole_bytes("WordDocument"), "past niet bij de naam"),
    ("dia.ppt", ole_bytes("Workbook"), "past niet bij de naam"),
    ("notulen.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "is beschadigd of onvolledig"),
])
def test_disguised_office_pdf_or_ole_file_is_refused_in_dutch(client, groups, name, content, message):
    general, _ = groups
    client.force_login(member_of(general))
    response = _upload_to_folder(client, folder_of(general), name, content)
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize("name,content,content_type", [
    ("notulen.doc", ole_bytes("CompObj", "WordDocument", "1Table"), "application/msword"),
    ("begroting.xls", ole_bytes("Workbook"), "application/vnd.ms-excel"),
    ("oud.xls", ole_bytes("Book"), "application/vnd.ms-excel"),
    ("dia.ppt", ole_bytes("PowerPoint Document", "Current User"), "application/vnd.ms-powerpoint"),
    ("iconen.docx", _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", "<w:document/>"),
                          ("word/media/image1.svg", "<svg/>"), ("word/media/image1.png", b"png")]),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("blad.xlsx", _zip([("[Content_Types].xml", DOCX_TYPES.replace("wordprocessingml.document", "spreadsheetml.sheet")),
                        ("xl/workbook.xml", "<workbook/>")]),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("rapport.pdf", b"%PDF-1.7\n" + b"1 0 obj<<>>stream\n" + b"\x00\xff" * 3000 + b"\nendstream\n%%EOF\r\n",
     "application/pdf"),
])
def test_genuine_legacy_and_office_files_are_accepted(client, groups, name, content, content_type):
    general, _ = groups
    client.force_login(member_of(general))
    response = _upload_to_folder(client, folder_of(general), name, content)
    assert "Het bestand is toegevoegd aan de map." in response.content.decode()
    assert Attachment.objects.get().content_type == content_type


def test_svg_outside_the_media_folder_of_a_docx_is_refused(client, groups):
    general, _ = groups
    client.force_login(member_of(general))
    content = _zip([("[Content_Types].xml", DOCX_TYPES), ("word/document.xml", "<w:document/>"),
                    ("plaatje.svg", "<svg onload='alert(1)'/>")])
    response = _upload_to_folder(client, folder_of(general), "nota.docx", content)
    assert "scripts of webpagina" in response.content.decode()
    assert not Attachment.objects.exists()
