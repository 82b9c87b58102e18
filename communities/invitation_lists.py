"""Reading a list of people to invite: a pasted box or an uploaded file.

The files facilitators have are what their spreadsheet saves as "CSV" in their own
locale: commas in English, semicolons in French or Belgian Excel and LibreOffice, tabs
when rows are pasted from a spreadsheet; UTF-8 with or without a byte-order mark, or
Windows-1252 from French Excel; usually with a header row in the person's language
(Nom;Prénom;Organisation;Pays;Courriel, or الاسم, البريد الإلكتروني...).

Pure functions, no database: ``read_file`` and ``read_text`` turn bytes or text into
``InvitationRow`` objects, or refuse the whole list with one ``ValidationError`` that
says why. The services decide what to do with the rows.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

MAX_ROWS = 500
DELIMITERS = ",;\t"
NAME_MAX_LENGTH = 100  # User.display_name
ORGANISATION_MAX_LENGTH = 200  # User.organisation

# Files that are not text, by their first bytes, and what to tell the person.
SPREADSHEET_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods (zip); old .xls
PDF_SIGNATURE = b"%PDF-"


@dataclass(frozen=True)
class InvitationRow:
    """One person of the list. ``address`` is what the report shows: the address cell, or
    the whole row when no cell looks like an address (so the person can be found)."""

    line: int
    address: str
    name: str = ""
    organisation: str = ""
    country: str = ""  # an ISO 3166 code, or "" when the value is no country we know


# --- Column names ------------------------------------------------------------------------


def _normalise(text):
    """Lower case, without accents or punctuation: "Adresse e-mail" → "adresse e mail"."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", " ", text).strip()


def _names(*words):
    return frozenset(_normalise(word) for word in words)


COLUMN_NAMES = {
    "email": _names(
        "email",
        "e-mail",
        "mail",
        "courriel",
        "adresse",
        "address",
        "adresse e-mail",
        "adresse email",
        "adresse mail",
        "adresse courriel",
        "adresse électronique",
        "email address",
        "e-mail address",
        "البريد الإلكتروني",
        "البريد",
        "الإيميل",
        "عنوان البريد الإلكتروني",
    ),
    # "Nom" and "Name" are a whole name alone, and the family name next to a first name.
    "name": _names("name", "nom", "الإسم", "الاسم"),
    "full_name": _names(
        "full name",
        "display name",
        "nom complet",
        "nom et prénom",
        "prénom et nom",
        "nom prénom",
        "prénom nom",
        "participant",
        "participante",
        "الاسم الكامل",
        "الاسم واللقب",
    ),
    "first_name": _names("first name", "firstname", "given name", "prénom", "الاسم الأول"),
    "last_name": _names(
        "last name", "lastname", "surname", "family name", "nom de famille", "اسم العائلة", "اللقب", "النسب"
    ),
    "organisation": _names(
        "organisation",
        "organization",
        "organisme",
        "structure",
        "institution",
        "entreprise",
        "société",
        "company",
        "employer",
        "employeur",
        "affiliation",
        "المؤسسة",
        "المنظمة",
        "الهيئة",
        "الجهة",
    ),
    "country": _names("country", "pays", "البلد", "الدولة", "البلاد"),
}
# Longer headers that still name the address column: "Adresse e-mail professionnelle".
EMAIL_HINTS = ("mail", "courriel", "البريد")


def _role(cell):
    name = _normalise(cell)
    for role, names in COLUMN_NAMES.items():
        if name in names:
            return role
    if any(_normalise(hint) in name for hint in EMAIL_HINTS):
        return "email"
    return None


def _header_columns(cells):
    """The header's columns by role ({"email": 4, "first_name": 1, ...}), or None when
    ``cells`` is no header row: it holds an address, or no column name we know."""
    if any("@" in cell for cell in cells):
        return None
    columns = {}
    for index, cell in enumerate(cells):
        role = _role(cell)
        if role is not None and role not in columns:
            columns[role] = index
    return columns or None


# --- Countries ---------------------------------------------------------------------------------


@cache
def _country_names():
    """Every country name in English, French and Arabic, normalised, with its code."""
    names = {}
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            for code, name in countries:
                names[_normalise(str(name))] = code
    return names


def country_code(value):
    """The ISO code for a country as people write it in a list ("Sénégal", "SN", "SEN",
    "المغرب"), or "" when it is no country we know."""
    value = value.strip()
    if not value:
        return ""
    if len(value) in (2, 3) and value.isascii() and value.isalpha():
        code = countries.alpha2(value)
        if code:
            return code
    return _country_names().get(_normalise(value), "")


# --- Reading -----------------------------------------------------------------------------------


def decode(raw):
    """The text of an uploaded file, or a ValidationError saying what the file is instead."""
    if not raw.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
        raise ValidationError(_("This file is empty. Nobody was invited."), code="empty")
    if raw.startswith(SPREADSHEET_SIGNATURES):
        raise ValidationError(
            _(
                "This is a spreadsheet file (.xlsx, .xls or .ods), not CSV. Nobody was invited. In Excel or "
                "LibreOffice, choose File › Save as, pick the CSV format, and choose the saved file here."
            ),
            code="spreadsheet",
        )
    if raw.startswith(PDF_SIGNATURE):
        raise ValidationError(
            _(
                "This is a PDF document, not a list the platform can read. Nobody was invited. Paste the "
                "addresses into the box, or choose a CSV file saved from a spreadsheet."
            ),
            code="pdf",
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text": UTF-16 with a byte-order mark, tab separated.
        candidates = ("utf-16",)
    elif b"\x00" in raw:
        candidates = ()
    else:
        candidates = ("utf-8-sig", "cp1252")
    for encoding in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _(
            "This file could not be read as text. Nobody was invited. Save it as CSV from your spreadsheet and try again."
        ),
        code="not_text",
    )


def _delimiter(lines):
    """Comma, semicolon or tab: what the spreadsheet that wrote the list used. The one
    that gives the most rows with a clean address cell and the most known column names
    wins; the standard library's sniffer, then the first line, settle a tie (a list of
    bare addresses has no separator at all)."""
    sample = [line for line in lines[:50] if line.strip()]
    scores = {delimiter: _score(sample, delimiter) for delimiter in DELIMITERS}
    best = max(scores.values())
    tied = [delimiter for delimiter in DELIMITERS if scores[delimiter] == best]
    if len(tied) > 1:
        try:
            sniffed = csv.Sniffer().sniff("\n".join(sample), delimiters="".join(tied)).delimiter
        except csv.Error:
            counts = {delimiter: sample[0].count(delimiter) if sample else 0 for delimiter in tied}
            sniffed = max(counts, key=counts.get) if any(counts.values()) else ","
        return sniffed if sniffed in tied else tied[0]
    return tied[0]


def _score(sample, delimiter):
    others = set(DELIMITERS) - {delimiter}
    try:
        rows = list(csv.reader(sample, delimiter=delimiter))
    except csv.Error:
        return -1
    clean = sum(any("@" in cell and not others & set(cell) for cell in row) for row in rows)
    return clean + (len(_header_columns(rows[0]) or ()) if rows else 0)


def _split_address(cell):
    """ "Aminata Diallo <aminata@example.org>" → ("Aminata Diallo", "aminata@example.org")."""
    match = re.fullmatch(r"(.*?)\s*<([^<>]*)>", cell)
    if match is None:
        return "", cell
    return match.group(1).strip(" \"'"), match.group(2).strip()


def _cell(cells, columns, role):
    index = columns.get(role)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _person(cells, columns):
    """Name, organisation and country of one row, from the header's columns."""
    first, last = _cell(cells, columns, "first_name"), _cell(cells, columns, "last_name")
    name = _cell(cells, columns, "full_name")
    if not name:
        if first or last:
            name = " ".join(part for part in (first, last or _cell(cells, columns, "name")) if part)
        else:
            name = _cell(cells, columns, "name")
    return (
        name[:NAME_MAX_LENGTH],
        _cell(cells, columns, "organisation")[:ORGANISATION_MAX_LENGTH],
        country_code(_cell(cells, columns, "country")),
    )


def read_text(text):
    """The people in a pasted box or a decoded file, one per non-empty row after the
    header row if there is one. Refuses (ValidationError) more than MAX_ROWS."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    delimiter = None
    first_line = 1
    # Excel writes and reads a first line "sep=;" naming the separator.
    if lines and re.fullmatch(r"sep=[,;\t]", lines[0].strip()):
        delimiter = lines[0].strip()[-1]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines, first_line = lines[1:], 2
    delimiter = delimiter or _delimiter(lines)
    rows, columns = [], None
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=first_line):
            cells = [cell.strip() for cell in row]
            filled = [cell for cell in cells if cell]
            if not filled:
                continue
            if not rows and columns is None:
                columns = _header_columns(cells)
                if columns is not None:
                    continue
            rows.append(_row(number, cells, filled, columns or {}))
    except csv.Error:
        raise ValidationError(
            _("Line %(line)d could not be read (a quotation mark may be missing). Nobody was invited.")
            % {"line": reader.line_num},
            code="unreadable",
        ) from None
    if len(rows) > MAX_ROWS:
        raise ValidationError(too_many_message(len(rows)), code="too_many")
    return rows


def too_many_message(count):
    return ngettext(
        "At most %(max)d addresses at once; this list has %(count)d row. Nobody was invited: "
        "split the list and send it in parts.",
        "At most %(max)d addresses at once; this list has %(count)d rows. Nobody was invited: "
        "split the list and send it in parts.",
        count,
    ) % {"max": MAX_ROWS, "count": count}


def _row(number, cells, filled, columns):
    name = organisation = country = ""
    if columns:
        name, organisation, country = _person(cells, columns)
    address = _cell(cells, columns, "email")
    if "@" not in address:
        # No address column, or not an address in it: any cell that looks like one.
        address = next((cell for cell in filled if "@" in cell), "")
    if "@" not in address:
        return InvitationRow(number, ", ".join(filled), name, organisation, country)
    cell_name, address = _split_address(address)
    address = address.strip("<>").strip()
    return InvitationRow(number, address, name or cell_name[:NAME_MAX_LENGTH], organisation, country)


def read_file_text(text):
    """The people in a decoded file; refuses one with no rows (a header alone, empty rows)."""
    rows = read_text(text)
    if not rows:
        raise ValidationError(_("This file has no addresses in it. Nobody was invited."), code="no_rows")
    return rows


def read_file(raw):
    """The people in an uploaded file's bytes; refuses a file that is no list, or empty."""
    return read_file_text(decode(raw))
