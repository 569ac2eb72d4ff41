"""Checks an uploaded file by its content, not its name.

Allowed: PDF, Office (docx/xlsx/pptx and the older doc/xls/ppt), OpenDocument (odt/ods/odp)
and images (png/jpg). OOXML and ODF files are zip archives: they are recognised by their
[Content_Types].xml or mimetype member. The extension of the name must agree with the
content; a .pdf that is really HTML is refused.
"""

import os
import re
import unicodedata
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> (content type, family)
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
_OOXML_MAIN = {
    "docx": "wordprocessingml.document.main",
    "xlsx": "spreadsheetml.sheet.main",
    "pptx": "presentationml.presentation.main",
}
_OLE = {"doc", "xls", "ppt"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def allowed_names() -> str:
    return "PDF, Word, Excel, PowerPoint, OpenDocument, PNG en JPG"


def safe_filename(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f\"<>:/\\|?*]", "", name).strip(" .")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 150 - len(ext) - 1] + dot + ext) if dot else name[:150]
    return name or "bestand"


def _zip_kind(fileobj):
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp' or None."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                for ext in ("odt", "ods", "odp"):
                    if mimetype == ALLOWED[ext]:
                        return ext
                return None
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
                for ext, marker in _OOXML_MAIN.items():
                    if marker in types:
                        return ext
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def detect_kind(fileobj):
    """The extension that matches the content, or None."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
        fileobj.seek(0)
        return kind
    guess = filetype.guess(head)
    if guess is None:
        return "ole" if head.startswith(_OLE_MAGIC) else None
    if guess.extension in ("png", "jpg"):
        return guess.extension
    if guess.extension in _OLE:
        return guess.extension
    if head.startswith(_OLE_MAGIC):
        return "ole"
    return None


def check_upload(upload):
    """Return (filename, content_type) for an acceptable upload; raise ValidationError
    with a Dutch message otherwise."""
    name = safe_filename(getattr(upload, "name", ""))
    size = upload.size
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Het bestand %(name)s is te groot (%(size)s). Het maximum is %(max)s.")
            % {"name": name, "size": filesizeformat(size),
               "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        )
    if size == 0:
        raise ValidationError(_("Het bestand %(name)s is leeg.") % {"name": name})
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "jpeg":
        ext = "jpg"
    kind = detect_kind(upload)
    if ext not in ALLOWED or kind is None:
        raise ValidationError(
            _("Het bestand %(name)s is geen toegestaan bestandstype. U kunt %(types)s uploaden.")
            % {"name": name, "types": allowed_names()}
        )
    if kind == "ole" and ext in _OLE:
        kind = ext
    if kind != ext:
        raise ValidationError(
            _("De inhoud van %(name)s past niet bij de naam: het is geen echt .%(ext)s-bestand.")
            % {"name": name, "ext": ext}
        )
    return name, ALLOWED[ext]
