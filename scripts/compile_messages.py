"""Compile the .po catalogues under locale/ into .mo files.

polib does what `manage.py compilemessages` does without needing GNU gettext, which a
fresh machine may lack. Fuzzy entries are left out, as msgfmt does.
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

for po_path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        continue
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    print(f"compiled {po_path.relative_to(LOCALE_DIR.parent)}")
