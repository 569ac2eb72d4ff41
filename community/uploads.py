"""Checks an uploaded file by its content, not its name.

Allowed: PDF, Office (docx/xlsx/pptx and the older doc/xls/ppt), OpenDocument (odt/ods/odp)
and images (png/jpg). OOXML and ODF files are zip archives: they are recognised by their
[Content_Types].xml or mimetype member and must hold the main part of that type; archives
with programs, scripts or web pages inside are refused. The older Office files are OLE
containers and must hold the stream of their type (WordDocument, Workbook, PowerPoint
Document). A PDF must end like one and may not carry HTML or script up front. The extension
of the name must agree with the content; a .pdf that is really HTML is refused.
"""

import os
import re
import struct
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
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_OLE = {"doc", "xls", "ppt"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an OLE file of each type must hold (any one of them).
_OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book"), "ppt": ("PowerPoint Document",)}
# Members that have no business inside an office document: programs, scripts, web pages.
_FORBIDDEN_MEMBERS = {
    "exe", "dll", "com", "scr", "pif", "cpl", "msi", "msp", "jar", "class", "apk", "app",
    "js", "mjs", "jse", "vbs", "vbe", "wsf", "wsh", "hta", "ps1", "psm1", "psd1", "bat", "cmd",
    "sh", "py", "pl", "php", "lnk", "reg", "html", "htm", "xhtml", "shtml", "mht", "mhtml",
    "svg", "svgz", "swf",
}
_MEDIA_FOLDERS = ("word/media/", "xl/media/", "ppt/media/", "Pictures/")
_PDF_FORBIDDEN = (b"<html", b"<script", b"<!doctype html", b"<iframe")


class _Damaged(Exception):
    """The content claims a type but lacks what that type must have."""


class _Dangerous(Exception):
    """The content carries programs, scripts or web pages."""


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
    """'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp' or None. Raises _Dangerous for an archive
    with programs, scripts or web pages in it and _Damaged when the main part is missing."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            kind = None
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100).decode("ascii", "replace").strip()
                kind = next((ext for ext in ("odt", "ods", "odp") if mimetype == ALLOWED[ext]), None)
                if kind is None:
                    return None
                _refuse_dangerous_members(names)
                if members[0].filename != "mimetype" or "content.xml" not in names:
                    raise _Damaged
                return kind
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    types = member.read(200_000).decode("utf-8", "replace")
                claimed = [ext for ext, marker in _OOXML_MAIN.items() if marker in types]
                if not claimed:
                    return None
                _refuse_dangerous_members(names)
                kind = next((ext for ext in claimed if _OOXML_PART[ext] in names), None)
                if kind is None:
                    raise _Damaged
                return kind
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError):
        return None
    return None


def _refuse_dangerous_members(names):
    for name in names:
        path = name.replace("\\", "/")
        base = path.rsplit("/", 1)[-1].rstrip(" .").lower()
        ext = base.rsplit(".", 1)[-1] if "." in base else ""
        if ext in ("svg", "svgz") and path.rsplit("/", 1)[0] + "/" in _MEDIA_FOLDERS:
            continue  # Office and LibreOffice keep vector pictures here; never served on their own
        if ext in _FORBIDDEN_MEMBERS:
            raise _Dangerous


def _ole_names(fileobj):
    """The names of the storages and streams in an OLE (Compound File) container, read from
    its directory with the standard library. An empty set when the structure is broken."""
    fileobj.seek(0)
    header = fileobj.read(512)
    if len(header) < 512 or not header.startswith(_OLE_MAGIC):
        return set()
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    per_sector = size // 4
    fat_count, first_dir = struct.unpack_from("<II", header, 44)
    difat_next, difat_count = struct.unpack_from("<II", header, 68)

    def sector(number):
        fileobj.seek((number + 1) * size)
        data = fileobj.read(size)
        if len(data) != size:
            raise ValueError("truncated")
        return data

    try:
        fat_sectors = list(struct.unpack_from("<109I", header, 76))
        for _ in range(min(difat_count, 1000)):
            if difat_next >= 0xFFFFFFFA:
                break
            entries = struct.unpack(f"<{per_sector}I", sector(difat_next))
            fat_sectors.extend(entries[:-1])
            difat_next = entries[-1]
        fat_sectors = [number for number in fat_sectors if number < 0xFFFFFFFA][: min(fat_count, 50_000)]
        fat = []
        for number in fat_sectors:
            fat.extend(struct.unpack(f"<{per_sector}I", sector(number)))
        names, seen, current = set(), set(), first_dir
        while current < 0xFFFFFFFA and current not in seen and len(seen) < 10_000:
            seen.add(current)
            data = sector(current)
            for offset in range(0, size, 128):
                entry = data[offset:offset + 128]
                length = struct.unpack_from("<H", entry, 64)[0]
                if entry[66] in (1, 2) and 2 < length <= 64:
                    names.add(entry[: length - 2].decode("utf-16-le", "replace"))
            current = fat[current] if current < len(fat) else 0xFFFFFFFE
    except (struct.error, ValueError, OSError, IndexError):
        return set()
    return names


def _ole_kind(fileobj, ext):
    """'doc', 'xls' or 'ppt' by the streams in the container; the declared type first."""
    names = _ole_names(fileobj)
    fileobj.seek(0)
    order = [ext] if ext in _OLE else []
    order += [kind for kind in ("doc", "xls", "ppt") if kind != ext]
    for kind in order:
        if any(stream in names for stream in _OLE_STREAMS[kind]):
            return kind
    return None


def _check_pdf(fileobj, head):
    if any(marker in head.lower() for marker in _PDF_FORBIDDEN):
        raise _Dangerous
    fileobj.seek(0, os.SEEK_END)
    end = fileobj.tell()
    fileobj.seek(max(0, end - 1024))
    tail = fileobj.read(1024)
    fileobj.seek(0)
    if b"%%EOF" not in tail:
        raise _Damaged


def detect_kind(fileobj, ext=""):
    """The extension that matches the content, or None. Raises _Damaged or _Dangerous for
    content of a known type that is incomplete or carries something harmful. `ext` (the
    declared extension) decides between the types an OLE container may hold."""
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        _check_pdf(fileobj, head)
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_kind(fileobj)
        finally:
            fileobj.seek(0)
    if head.startswith(_OLE_MAGIC):
        kind = _ole_kind(fileobj, ext)
        if kind is None and ext in _OLE:
            raise _Damaged
        return kind
    guess = filetype.guess(head)
    if guess is not None and guess.extension in ("png", "jpg"):
        return guess.extension
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
    try:
        kind = detect_kind(upload, ext) if ext in ALLOWED else None
    except _Dangerous:
        raise ValidationError(
            _("Het bestand %(name)s bevat programma's, scripts of webpagina's en wordt daarom niet "
              "geaccepteerd.") % {"name": name}
        ) from None
    except _Damaged:
        raise ValidationError(
            _("Het bestand %(name)s is beschadigd of onvolledig: het is geen geldig .%(ext)s-bestand.")
            % {"name": name, "ext": ext}
        ) from None
    if ext not in ALLOWED or kind is None:
        raise ValidationError(
            _("Het bestand %(name)s is geen toegestaan bestandstype. U kunt %(types)s uploaden.")
            % {"name": name, "types": allowed_names()}
        )
    if kind != ext:
        raise ValidationError(
            _("De inhoud van %(name)s past niet bij de naam: het is geen echt .%(ext)s-bestand.")
            % {"name": name, "ext": ext}
        )
    return name, ALLOWED[ext]
