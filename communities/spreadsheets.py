"""CSV files the platform writes, made safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets run a cell that starts like a formula (CSV
injection: ``=HYPERLINK(...)`` in a name). Every CSV the platform writes goes through
``csv_writer``, which prefixes such cells with an apostrophe so they stay text.
"""

import csv

# What a spreadsheet reads as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as text a spreadsheet shows rather than runs. Booleans read yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options):
    return SafeWriter(out, **options)


def csv_response(filename, rows):
    """A private download of ``rows`` as ``filename``. The byte-order mark lets spreadsheet
    programs read accented and Arabic names right."""
    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    csv_writer(response).writerows(rows)
    return response
