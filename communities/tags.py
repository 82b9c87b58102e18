"""How themes and expertise are typed: separated by commas only (taggit's
``TAGGIT_TAGS_FROM_STRING`` / ``TAGGIT_STRING_FROM_TAGS``).

taggit's default splits on spaces when there is no comma, so "monitoring and evaluation"
became three themes. The Arabic comma (،) separates too.
"""

import re

SEPARATORS = re.compile(r"[,،]")


def comma_splitter(text):
    names = []
    for part in SEPARATORS.split(text or ""):
        name = " ".join(part.split()).strip("\"'")
        if name and name.lower() not in {existing.lower() for existing in names}:
            names.append(name)
    return names


def comma_joiner(tags):
    return ", ".join(sorted(tag.name for tag in tags))
