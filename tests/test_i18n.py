"""English, French and Arabic from day one: complete catalogues, right-to-left Arabic."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.helpers import service_missing

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["manage.py", "cop_platform", "communities", "sessions", "knowledge", "demo", "templates", "locale"]


def test_makemessages_leaves_no_msgid_untranslated(tmp_path):
    if shutil.which("xgettext") is None:
        service_missing("makemessages needs GNU gettext (apt-get install gettext)")
    # makemessages writes into locale/: run it on a copy so the tree is untouched.
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--locale", "ar", "--no-obsolete"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:", "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    missing, copied = {}, {}
    for language in ("fr", "ar"):
        catalogue = polib.pofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing[language] = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        copied[language] = sorted(
            entry.msgid for entry in catalogue.translated_entries() if is_copied(entry) and entry.msgid not in SAME[language]
        )
    assert missing == {"fr": [], "ar": []}
    assert copied == {"fr": [], "ar": []}, "a translation identical to its English source is a copy, not a translation"


# Translations that may equal their English source: names, and French words spelled the same
# (each checked). Anything else identical to its msgid counts as untranslated.
NAMES = {"Swahili", "Kinyarwanda", "Wolof", "Outlook", "HTML", "CSV", "iCal", "Markdown", "Jitsi", "Zoom"}
SAME = {
    "fr": NAMES | {
        "Active", "Actions", "Dates", "Expertise", "Format", "format", "Invitation", "invitation", "Invitations",
        "invitations", "Licence", "licence", "Message", "Notifications", "notifications", "notification",
        "Organisation", "organisation", "Pages", "Permissions", "Places", "places", "Programme", "programme",
        "programmes", "Session", "session", "Sessions", "sessions", "Sources", "Technique", "technique", "type",
        "Type", "description", "Description", "note", "Note", "version", "Version", "Version %(version)s",
        "Options", "Date", "Total", "Minutes", "minutes", "Question", "Questions", "Public", "public",
        "Programmes", "Phases", "phase", "phases", "Menu", "Europe", "position", "%(counter)s session",
    },
    "ar": NAMES,
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}")


def is_copied(entry):
    """Identical to the English, and more than placeholders and punctuation."""
    if not re.search(r"[A-Za-z]", PLACEHOLDER.sub("", entry.msgid)):
        return False
    if entry.msgid_plural:
        return all(value in (entry.msgid, entry.msgid_plural) for value in entry.msgstr_plural.values())
    return entry.msgstr == entry.msgid


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left(client):
    client.cookies["django_language"] = "ar"
    page = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page


@pytest.mark.django_db
def test_language_switcher_remembers_the_choice_on_the_profile(client, person):
    client.force_login(person)
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "fr"
    assert '<html lang="fr" dir="ltr">' in client.get("/").content.decode()
