"""Files people upload to a community: what we accept, how we check it, how we store it.

The type of a file is read from its bytes, never from its name: ``puremagic`` identifies
the format, and we confirm it ourselves where a signature says too little (a ZIP may be
a Word document or anything else; an OLE2 container may be an Excel sheet or an
installer). Anything we cannot positively identify as an allowed type is refused.
Files are served only by ``views.attachments``, which asks ``communities.permissions``.
"""

import io
import struct
import zipfile
from pathlib import PurePosixPath

import puremagic
from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import Attachment

PDF = "application/pdf"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
CSV = "text/csv"

# Accepted content types and their usual extensions (the first one names the stored file).
ALLOWED_TYPES = {
    PDF: (".pdf",),
    DOC: (".doc",),
    XLS: (".xls",),
    PPT: (".ppt",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    ODS: (".ods",),
    ODP: (".odp",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    GIF: (".gif",),
    WEBP: (".webp",),
    CSV: (".csv",),
}

# Browsers may show these in the page; everything else is downloaded.
INLINE_TYPES = {PNG, JPEG, GIF, WEBP}

DEFAULT_MAX_SIZE = 10 * 1024 * 1024
HEAD_SIZE = 64 * 1024
MAX_NAME_LENGTH = 255

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Formats puremagic names that a plain signature settles; we check the signature too,
# so that a match further in the file (or at its end) never counts.
_SIGNATURE_CHECKS = {
    PDF: lambda head: head.startswith(b"%PDF-"),
    PNG: lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    JPEG: lambda head: head.startswith(b"\xff\xd8\xff"),
    GIF: lambda head: head[:6] in (b"GIF87a", b"GIF89a"),
    WEBP: lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}

# Office Open XML: a ZIP with [Content_Types].xml and the main part of its kind.
_OOXML_MAIN_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
_ODF_TYPES = {ODT, ODS, ODP}

# Legacy Office: an OLE2 compound file whose directory holds the stream of its kind.
_OLE_MAIN_STREAMS = (
    ("WordDocument", DOC),
    ("Workbook", XLS),
    ("Book", XLS),
    ("PowerPoint Document", PPT),
)
# Storages that hold VBA macros in legacy Office files; macro documents are not accepted.
_OLE_MACRO_STORAGES = {"Macros", "_VBA_PROJECT_CUR", "VBA"}


def max_upload_size():
    return getattr(settings, "ATTACHMENT_MAX_SIZE", DEFAULT_MAX_SIZE)


def accept_attribute():
    """The ``accept`` attribute of a file input: a hint for the browser's file picker."""
    return ",".join(ext for extensions in ALLOWED_TYPES.values() for ext in extensions)


# --- Detection ----------------------------------------------------------------------------


def detect_content_type(uploaded_file):
    """The allowed content type these bytes really are, or None.

    Only the bytes count, except for CSV, which has no signature: a ``.csv`` name is
    accepted when the beginning of the file reads as text.
    """
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_SIZE)
    uploaded_file.seek(0)
    if not head:
        return None
    try:
        guesses = [match.mime_type for match in puremagic.magic_string(head)]
    except puremagic.PureError:
        guesses = []
    try:
        # puremagic only sees the container of these; look inside to tell what they hold.
        if head.startswith(ZIP_SIGNATURE):
            return _zip_office_type(uploaded_file)
        if head.startswith(OLE_SIGNATURE):
            return _ole_office_type(uploaded_file)
    finally:
        uploaded_file.seek(0)
    for mime in guesses:
        check = _SIGNATURE_CHECKS.get(mime)
        if check and check(head):
            return mime
    name = getattr(uploaded_file, "name", "") or ""
    if name.lower().endswith(".csv") and _reads_as_text(head):
        return CSV
    return None


def _zip_office_type(uploaded_file):
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macro-enabled: not a type we accept
            if "mimetype" in names:
                # OpenDocument: the first entry, stored, holds the type in ASCII.
                if archive.getinfo("mimetype").file_size > 100:
                    return None
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in _ODF_TYPES else None
            if "[Content_Types].xml" in names:
                for part, mime in _OOXML_MAIN_PARTS:
                    if part in names:
                        return mime
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError, RuntimeError):
        return None
    return None


def _ole_office_type(uploaded_file):
    try:
        names = _ole_directory_names(uploaded_file)
    except (struct.error, OSError, ValueError):
        return None
    if names & _OLE_MACRO_STORAGES:
        return None
    for stream, mime in _OLE_MAIN_STREAMS:
        if stream in names:
            return mime
    return None


_FREE_OR_SPECIAL = 0xFFFFFFFA  # sector numbers above this are markers, not sectors


def _ole_directory_names(stream):
    """Names of the entries in an OLE2 compound file's directory ([MS-CFB], read only).

    Follows the FAT chain of the directory; bounded by the file's size so a crafted
    file cannot make it loop or read far.
    """
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512:
        raise ValueError("short header")
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    sector_count = max(0, size // sector_size - 1)
    fat_count, first_directory = struct.unpack_from("<II", header, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)

    def read_sector(number):
        if number >= sector_count:
            raise ValueError("sector out of range")
        stream.seek((number + 1) * sector_size)
        return stream.read(sector_size)

    fat_sectors = [n for n in struct.unpack_from("<109I", header, 0x4C) if n <= _FREE_OR_SPECIAL]
    next_difat, hops = first_difat, 0
    while len(fat_sectors) < fat_count and next_difat <= _FREE_OR_SPECIAL and hops <= min(difat_count, sector_count):
        values = struct.unpack(f"<{sector_size // 4}I", read_sector(next_difat))
        fat_sectors += [n for n in values[:-1] if n <= _FREE_OR_SPECIAL]
        next_difat, hops = values[-1], hops + 1
    fat = []
    for number in fat_sectors[:fat_count]:
        fat += struct.unpack(f"<{sector_size // 4}I", read_sector(number))

    names, seen, sector = set(), set(), first_directory
    while sector <= _FREE_OR_SPECIAL and sector not in seen and len(seen) <= sector_count:
        seen.add(sector)
        data = read_sector(sector)
        for offset in range(0, sector_size, 128):
            length = struct.unpack_from("<H", data, offset + 0x40)[0]
            if 2 <= length <= 64:
                names.add(data[offset : offset + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
    return names


def _reads_as_text(head):
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The first 64 KB may end inside a character; anything else is tried as latin-1.
        if error.start >= len(head) - 3 and error.reason == "unexpected end of data":
            text = head[: error.start].decode("utf-8", "replace")
        else:
            text = head.decode("latin-1")
    # Text has no control characters but tabs, line ends and page breaks.
    return not any(ord(char) < 32 and char not in "\t\n\r\f\v" for char in text)


# --- Validation ---------------------------------------------------------------------------


def validate_upload(uploaded_file):
    """Raise ``ValidationError`` unless the file is small enough and of an allowed type.

    Returns the detected content type.
    """
    limit = max_upload_size()
    if uploaded_file.size > limit:
        raise ValidationError(
            _("This file is too large: the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(limit)},
        )
    if not uploaded_file.size:
        raise ValidationError(_("This file is empty."), code="empty")
    content_type = detect_content_type(uploaded_file)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("This type of file is not accepted. Upload a PDF, an office document, an image or a CSV file."),
            code="type_not_accepted",
        )
    return content_type


# Files one form takes at a time (a post, a session report).
MAX_FILES = 10


class MultipleFileInput(forms.FileInput):
    """A file input that lets people choose several files (Django: "Uploading multiple files")."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploads, each checked by the attachments module; cleans to a list."""

    def __init__(self, *args, max_files=MAX_FILES, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept_attribute()}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        items = data if isinstance(data, (list, tuple)) else [data]
        files = [cleaned for item in items if (cleaned := single_clean(item, initial))]
        if len(files) > self.max_files:
            raise ValidationError(
                _("Attach at most %(limit)s files at a time."), code="too_many_files", params={"limit": self.max_files}
            )
        errors = []
        for uploaded in files:
            try:
                validate_upload(uploaded)
            except ValidationError as error:
                errors.extend(
                    ValidationError(
                        _("“%(name)s” was not attached: %(reason)s"),
                        code=getattr(error, "code", None) or "invalid",
                        params={"name": uploaded.name, "reason": message},
                    )
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return files



def clean_original_name(name):
    """The file's own name without any folder, fit for a Content-Disposition header."""
    name = PurePosixPath((name or "").replace("\\", "/")).name
    name = "".join(char for char in name if ord(char) >= 32 and char != "\x7f").strip()
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        stem = name[: len(name) - len(suffix)]
        name = stem[: MAX_NAME_LENGTH - len(suffix)] + suffix
    return name or _("attachment")


# --- Services and selectors ----------------------------------------------------------------


def attachment_add(*, community, by, uploaded_file, target=None):
    """Check and store an uploaded file for ``community`` (and ``target``, if given).

    Callers check that ``by`` may upload here. If the surrounding transaction rolls
    back after this returns, the stored file stays behind (storage is not transactional).
    """
    content_type = validate_upload(uploaded_file)
    attachment = Attachment(
        community=community,
        uploaded_by=by,
        original_name=clean_original_name(getattr(uploaded_file, "name", "")),
        content_type=content_type,
        size=uploaded_file.size,
        target=target,
    )
    uploaded_file.seek(0)
    # The stored name comes from the detected type, never from the uploader.
    stored_name = f"upload{ALLOWED_TYPES[content_type][0]}"
    with transaction.atomic():
        attachment.file.save(stored_name, uploaded_file, save=False)
        try:
            attachment.full_clean(exclude=["file"])
            attachment.save()
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachments_for(target):
    """The attachments of one object (a post, a session report), oldest first."""
    return Attachment.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).order_by("created_at", "pk")
