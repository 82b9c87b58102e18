"""Attachments: only files whose bytes are an allowed type get in; only people who may see them get them out."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.attachments import (
    MultipleFileField,
    attachment_add,
    attachments_for,
    clean_original_name,
    detect_content_type,
    validate_upload,
)
from communities.models import Attachment
from communities.services import community_create

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run in DOS mode.\r\n"

OOXML_MAIN_PARTS = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


# --- Real (tiny) files -----------------------------------------------------------------------


def png_bytes():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\x0b\x5c\x4a")  # filter byte + one pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def ooxml_bytes(kind="docx", extra=()):
    part, content_type = OOXML_MAIN_PARTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type}.main+xml"/></Types>',
        )
        archive.writestr(part, '<?xml version="1.0" encoding="UTF-8"?><document/>')
        for name in extra:
            archive.writestr(name, b"\x00\x01")
    return buffer.getvalue()


def odf_bytes(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # first and stored, as ODF requires
        archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
    return buffer.getvalue()


def ole_bytes(*entries):
    """A minimal OLE2 compound file (one FAT sector, one directory sector) listing ``entries``."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", header, 0x2C, 1, 1, 0)  # one FAT sector; the directory starts at sector 1
    struct.pack_into("<IIIII", header, 0x38, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5), *((entry, 2) for entry in entries)]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory[index * 128 : index * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, index * 128 + 0x40, len(encoded), kind)
    return bytes(header) + fat + bytes(directory)


def upload(name, content, declared="application/octet-stream"):
    # The type the browser declares is deliberately wrong or vague: only the bytes count.
    return SimpleUploadedFile(name, content, content_type=declared)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def public_community(facilitator):
    return community_create(by=facilitator, name="Open data in Sahel", visibility="public", join_policy="open", status="active")


def add(community, by, name="report.pdf", content=PDF, **kwargs):
    return attachment_add(community=community, by=by, uploaded_file=upload(name, content), **kwargs)


# --- Accepting and refusing ---------------------------------------------------------------------


def test_pdf_is_accepted_and_stored_with_its_detected_type(community, facilitator, media_root):
    attachment = add(community, facilitator, name="Compte rendu – atelier.pdf")

    attachment.refresh_from_db()
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert attachment.original_name == "Compte rendu – atelier.pdf"
    assert attachment.uploaded_by == facilitator and attachment.community == community
    assert attachment.file.name == f"attachments/{community.pk}/{attachment.uuid.hex}.pdf"
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == PDF
    assert (media_root / attachment.file.name).is_file()


def test_png_image_is_accepted(community, facilitator):
    attachment = add(community, facilitator, name="photo.png", content=png_bytes())
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


@pytest.mark.parametrize("kind", sorted(OOXML_MAIN_PARTS))
def test_office_open_xml_documents_are_recognised_inside_the_zip(community, facilitator, kind):
    attachment = add(community, facilitator, name=f"plan.{kind}", content=ooxml_bytes(kind))
    assert attachment.content_type == OOXML_MAIN_PARTS[kind][1]
    assert attachment.file.name.endswith(f".{kind}")


@pytest.mark.parametrize("kind", sorted(ODF_TYPES))
def test_opendocument_files_are_accepted(kind):
    assert detect_content_type(upload(f"notes.{kind}", odf_bytes(ODF_TYPES[kind]))) == ODF_TYPES[kind]


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        ("WordDocument", "application/msword"),
        ("Workbook", "application/vnd.ms-excel"),
        ("PowerPoint Document", "application/vnd.ms-powerpoint"),
    ],
)
def test_legacy_office_files_are_recognised_by_their_main_stream(stream, expected):
    assert detect_content_type(upload("old-file.bin", ole_bytes(stream, "\x05SummaryInformation"))) == expected


def test_ole_container_that_is_not_an_office_document_is_rejected():
    # An installer (.msi) is an OLE2 file too, with no Word, Excel or PowerPoint stream.
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("setup.doc", ole_bytes("\u4840\u3f3f\u4577"), declared="application/msword"))
    assert error.value.code == "type_not_accepted"


def test_legacy_document_with_macros_is_rejected():
    assert detect_content_type(upload("macro.doc", ole_bytes("WordDocument", "Macros"))) is None


def test_type_comes_from_the_bytes_not_the_name(community, facilitator):
    attachment = add(community, facilitator, name="scan.pdf", content=png_bytes())
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "scan.pdf"
    assert attachment.file.name.endswith(".png")


def test_executable_renamed_pdf_is_rejected(community, facilitator):
    with pytest.raises(ValidationError) as error:
        add(community, facilitator, name="invoice.pdf", content=EXE)
    assert error.value.code == "type_not_accepted"
    assert error.value.messages == [
        "This type of file is not accepted. Upload a PDF, an office document, an image or a CSV file."
    ]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("archive.docx", b"PK\x03\x04" + b"\x00" * 40),
        ("macro.docx", ooxml_bytes("docx", extra=["word/vbaProject.bin"])),
        ("notes.txt", b"just some text\n"),
        ("empty.pdf", b""),
    ],
)
def test_files_that_are_not_an_allowed_type_are_rejected(name, content):
    with pytest.raises(ValidationError):
        validate_upload(upload(name, content))


def test_plain_zip_named_docx_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    assert detect_content_type(upload("report.docx", buffer.getvalue())) is None


def test_file_over_the_limit_is_rejected(settings, community, facilitator):
    settings.ATTACHMENT_MAX_SIZE = 1024
    with pytest.raises(ValidationError) as error:
        add(community, facilitator, content=PDF + b"%" * 1024)
    assert error.value.code == "too_large"
    assert error.value.messages == ["This file is too large: the limit is 1.0\xa0KB."]
    assert not Attachment.objects.exists()


def test_file_at_the_limit_is_accepted(settings, community, facilitator):
    settings.ATTACHMENT_MAX_SIZE = len(PDF)
    assert add(community, facilitator).size == len(PDF)


def test_csv_is_accepted_when_named_csv_and_reads_as_text(community, facilitator):
    content = "pays,participants\nSénégal,12\nRwanda,9\n".encode()
    attachment = add(community, facilitator, name="participants.csv", content=content)
    assert attachment.content_type == "text/csv"


def test_latin1_csv_is_accepted():
    assert detect_content_type(upload("export.csv", "pays;ville\nCôte d'Ivoire;Abidjan\n".encode("latin-1"))) == "text/csv"


def test_binary_named_csv_is_rejected():
    assert detect_content_type(upload("data.csv", b"a,b\n\x00\x01\x02\x03")) is None
    assert detect_content_type(upload("data.csv", EXE)) is None


def test_text_not_named_csv_is_rejected():
    assert detect_content_type(upload("data.txt", b"a,b\n1,2\n")) is None


def test_stored_name_keeps_only_the_base_name():
    assert clean_original_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert clean_original_name("C:\\Users\\Awa\\Desktop\\rapport.pdf") == "rapport.pdf"
    long_name = "a" * 300 + ".pdf"
    assert clean_original_name(long_name) == "a" * 251 + ".pdf"
    assert clean_original_name("") == "attachment"


def test_attachments_are_listed_for_their_target(community, facilitator, member):
    membership = community.memberships.get(user=member)
    first = add(community, facilitator, target=membership)
    second = add(community, facilitator, name="photo.png", content=png_bytes(), target=membership)
    add(community, facilitator, name="elsewhere.pdf")

    assert list(attachments_for(membership)) == [first, second]


def test_attachment_field_rejects_what_the_service_rejects():
    field = MultipleFileField(label="File")
    assert [uploaded.name for uploaded in field.clean(upload("report.pdf", PDF))] == ["report.pdf"]
    with pytest.raises(ValidationError):
        field.clean(upload("invoice.pdf", EXE))
    assert ".pdf" in field.widget.attrs["accept"]


# --- Downloading ------------------------------------------------------------------------------


@pytest.fixture
def private_attachment(community, facilitator):
    return add(community, facilitator, name="Compte rendu.pdf")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("outsider", 403),
        ("requester", 403),
        ("invitee", 403),
        ("other_facilitator", 403),
        ("member", 200),
        ("facilitator", 200),
        ("staff", 200),
    ],
)
def test_who_may_download_a_private_communitys_attachment(client, as_persona, private_attachment, persona, status):
    as_persona(persona)
    response = client.get(private_attachment.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF


def test_anonymous_is_sent_to_sign_in_for_a_private_attachment(client, private_attachment):
    url = private_attachment.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_download_has_the_stored_type_and_safe_headers(client, member, private_attachment):
    client.force_login(member)
    response = client.get(private_attachment.get_absolute_url())

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Compte rendu.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private"
    assert b"".join(response.streaming_content) == PDF


def test_type_is_never_guessed_from_the_name(client, community, facilitator):
    attachment = add(community, facilitator, name="slides.pdf", content=png_bytes())
    client.force_login(facilitator)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="slides.pdf"'
    response.close()


def test_public_communitys_attachment_is_downloadable_by_anyone(client, public_community, facilitator):
    attachment = add(public_community, facilitator, name="data.csv", content=b"a,b\n1,2\n")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="data.csv"'
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"


def test_unknown_attachment_is_not_found(client, member):
    client.force_login(member)
    assert client.get(reverse("attachments:download", args=["6f1c2b1e-8a43-4a52-9a55-3d1f0b7f2d10"])).status_code == 404


def test_attachment_whose_file_is_gone_is_not_found(client, member, private_attachment):
    default_storage.delete(private_attachment.file.name)
    client.force_login(member)
    assert client.get(private_attachment.get_absolute_url()).status_code == 404


def test_download_only_answers_get(client, member, private_attachment):
    client.force_login(member)
    assert client.post(private_attachment.get_absolute_url()).status_code == 405
