"""Accent- and plural-tolerant words for search without PostgreSQL's full text (SQLite).

Each searchable row keeps a ``search_text`` column, kept in step on save
(knowledge.search): the stems of its words, folded (lower case, no accents) and then
stemmed by Snowball's English and French stemmers (its Arabic stemmer for Arabic words),
as PostgreSQL's ``en_unaccent`` and ``fr_unaccent`` configurations do. A query's words go
through the same steps, so "nokoue" finds "Nokoué", "évaluations" finds "evaluation" and
"regenerating" finds "régénération".

The column reads ``" <title stems> | <other stems> "``: every stem between spaces, so a
word matches with ``LIKE '% stem %'``, and the title's stems before the bar, so a match in
the title can rank higher (PostgreSQL's weight A).

This module knows no model, so migrations can use it on historical rows.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

SEPARATOR = " | "

# What each model indexes, with PostgreSQL's weights: "A" fields are the title segment.
FIELDS = {
    "knowledge.post": [
        ("title", "A"),
        ("body", "B"),
        ("context", "C"),
        ("what_was_done", "C"),
        ("what_happened", "C"),
        ("lessons", "B"),
    ],
    "knowledge.reply": [("body", "B")],
    "knowledge.capitalizationproduct": [
        ("title", "A"),
        ("summary", "B"),
        ("lessons", "B"),
        ("recommendations", "B"),
        ("context", "C"),
        ("actors", "C"),
        ("process", "C"),
        ("results", "C"),
        ("replication", "C"),
    ],
    "meetings.sessionreport": [("key_points", "B"), ("lessons", "B"), ("decisions", "C")],
    "knowledge.valuestory": [("title", "A"), ("body", "B")],
}

# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_WORD = re.compile(r"\w+")

# Dropped from a query, as PostgreSQL's English and French configurations drop them: a
# query of these words alone finds nothing there either.
STOPWORDS = frozenset(
    """a an and are as at be but by for from has have in is it its of on or that the this to was were will with
    au aux avec ce ces dans de des du elle en et il ils je la le les leur lui mais me nous on ou par pas pour qu
    que qui sa se ses son sur ta te tes ton tu un une vos votre vous est sont""".split()
)


def fold(text):
    """Lower case, without accents or ligatures: "Évaluée Œuvre" -> "evaluee oeuvre"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_LIGATURES)


@lru_cache(maxsize=1)
def _stemmers():
    return {name: snowballstemmer.stemmer(name) for name in ("english", "french", "arabic")}


def words(text):
    return _WORD.findall(fold(text))


def stems(word):
    """The stems a folded ``word`` may have: English and French, or Arabic."""
    stemmers = _stemmers()
    if _ARABIC.search(word):
        return {stemmers["arabic"].stemWord(word)}
    return {stemmers["english"].stemWord(word), stemmers["french"].stemWord(word)}


def _segment(texts):
    unique = dict.fromkeys(word for text in texts for word in words(text) if len(word) > 1)
    return " ".join(dict.fromkeys(stem for word in unique for stem in sorted(stems(word)) if stem))


def index_text(title_texts, other_texts):
    """The ``search_text`` of a row: ``" <title stems> | <other stems> "``."""
    return f" {_segment(title_texts)}{SEPARATOR}{_segment(other_texts)} "


def row_text(label, row):
    """``index_text`` of ``row`` (a model instance, current or historical) for ``label``."""
    fields = FIELDS[label]
    return index_text(
        [getattr(row, name) or "" for name, weight in fields if weight == "A"],
        [getattr(row, name) or "" for name, weight in fields if weight != "A"],
    )


def query_terms(query):
    """For each meaningful word of ``query``, the stems any of which a row must contain."""
    meaningful = [word for word in dict.fromkeys(words(query)) if len(word) > 1 and word not in STOPWORDS]
    return [sorted(stems(word)) for word in meaningful]
