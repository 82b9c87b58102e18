"""Search across posts, replies, capitalization products, session reports and value-creation stories.

On PostgreSQL: a stored search vector per row, built with the row's own language
(English and French ignoring accents, Arabic, ``simple`` otherwise), title weighted over
body, GIN-indexed, ranked. On SQLite (the embedded default): a stored ``search_text`` per
row, its words folded and stemmed for English and French (knowledge.search_text), so
accents and plurals are forgiven there too, and a title match ranks first. Both are kept
in step on save (and by services that update text in bulk, through ``refresh_index``).
Either way results respect permissions, and snippets are escaped first and highlighted
through sentinel markers, so text can never become markup.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import StrIndex, Substr
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from communities import permissions
from communities.models import Community
from sessions.models import SessionReport

from . import search_text
from .models import CapitalizationProduct, Post, Reply, ValueStory

CONFIGS = {"en": "en_unaccent", "fr": "fr_unaccent", "ar": "arabic"}
QUERY_CONFIGS = ("en_unaccent", "fr_unaccent", "arabic", "simple")
MAX_QUERY = 200
PER_KIND = 30
START, STOP = "\x02", "\x03"  # sentinels: never in escaped text, never in user input (stripped)


def config_for(language):
    return CONFIGS.get(language, "simple")


def uses_postgres():
    return connection.vendor == "postgresql"


# --- Keeping the index up to date ---------------------------------------------------------------


def _vector(fields, config):
    """``fields``: [(name, weight)]."""
    vector = None
    for name, weight in fields:
        part = SearchVector(name, weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def _config(instance):
    model = type(instance)
    if model is Reply:
        return config_for(instance.post.language)
    if model is SessionReport:
        languages = instance.session.community.working_language_codes
        return config_for(languages[0] if languages else "")
    return config_for(instance.language)


def refresh_index(instance):
    """Bring the row's search columns in step with its text: call after any write that
    bypasses ``save()`` (a queryset ``update()`` of indexed fields)."""
    model = type(instance)
    label = model._meta.label_lower
    instance.search_text = search_text.row_text(label, instance)
    columns = {"search_text": instance.search_text}
    if uses_postgres():
        columns["search_vector"] = _vector(search_text.FIELDS[label], _config(instance))
    model.objects.filter(pk=instance.pk).update(**columns)


refresh_vector = refresh_index  # the former name


@receiver(post_save, sender=Post)
@receiver(post_save, sender=Reply)
@receiver(post_save, sender=CapitalizationProduct)
@receiver(post_save, sender=SessionReport)
@receiver(post_save, sender=ValueStory)
def _refresh_on_save(sender, instance, **kwargs):
    refresh_index(instance)


# --- Querying ------------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    title: str
    url: str
    community: Community
    snippet: str
    rank: float
    date: object


KIND_LABELS = {
    "post": _("Post"),
    "reply": _("Reply"),
    "product": _("Capitalization product"),
    "report": _("Session report"),
    "story": _("Value-creation story"),
}


def clean_query(text):
    """Trim, drop control characters (and so our sentinels), cap the length."""
    text = "".join(ch for ch in (text or "") if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:MAX_QUERY]


def _words(query):
    return [w for w in re.findall(r"\w+", query, flags=re.UNICODE) if len(w) > 1]


def _fold(text):
    """Lower case without accents, keeping positions (one char in, one char out)."""
    return "".join(unicodedata.normalize("NFKD", ch)[0].lower() if ch else ch for ch in text)


def highlight(text, query, *, width=240):
    """An escaped excerpt of ``text`` around the first match, matches in <mark>."""
    text = (text or "").replace(START, "").replace(STOP, "")
    stems = [_fold(word)[:6] if len(word) > 6 else _fold(word) for word in _words(query)]
    folded = _fold(text)
    spans = []
    for stem in stems:
        for match in re.finditer(r"\w*" + re.escape(stem) + r"\w*", folded):
            spans.append(match.span())
    spans.sort()
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    marked, cursor = [], start
    for a, b in spans:
        if a < cursor or b > end:
            continue
        marked += [text[cursor:a], START, text[a:b], STOP]
        cursor = b
    marked.append(text[cursor:end])
    excerpt = ("…" if start else "") + "".join(marked) + ("…" if end < len(text) else "")
    return mark_safe(escape(excerpt).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped first


def _folded_match(queryset, query):
    """SQLite: rows whose ``search_text`` holds a stem of every word; rank = how many of
    the words are in the title."""
    terms = search_text.query_terms(query)
    if not terms:
        return queryset.none()
    condition = Q()
    for stems in terms:
        any_stem = Q()
        for stem in stems:
            any_stem |= Q(search_text__contains=f" {stem} ")
        condition &= any_stem
    in_title = []
    for stems in terms:
        any_stem = Q()
        for stem in stems:
            any_stem |= Q(search_title__contains=f" {stem} ")
        in_title.append(Case(When(any_stem, then=Value(1.0)), default=Value(0.0), output_field=FloatField()))
    rank = in_title[0]
    for part in in_title[1:]:
        rank = rank + part
    return (
        queryset.filter(condition)
        .alias(search_title=Substr("search_text", 1, StrIndex("search_text", Value(search_text.SEPARATOR))))
        .annotate(rank=rank)
        .order_by("-rank", "-pk")
    )


def _ranked(queryset, query, search_query):
    if uses_postgres():
        return (
            queryset.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank")
        )
    return _folded_match(queryset, query)


def search(user, text, *, community=None, kind=None, theme=None):
    """Results the person may see, best first."""
    query = clean_query(text)
    if not _words(query):
        return []
    communities = Community.objects.visible_to(user)
    if community is not None:
        communities = communities.filter(pk=community.pk)
    search_query = None
    if uses_postgres():
        for config in QUERY_CONFIGS:
            part = SearchQuery(query, config=config, search_type="websearch")
            search_query = part if search_query is None else search_query | part
    results = []
    if kind in (None, "post"):
        posts = Post.objects.visible_to(user).filter(community__in=communities).select_related("community")
        if theme:
            posts = posts.filter(themes__name__iexact=theme)
        for post in _ranked(posts, query, search_query)[:PER_KIND]:
            body = " ".join(filter(None, [post.body, post.context, post.what_was_done, post.what_happened, post.lessons]))
            results.append(Result("post", post.title, post.get_absolute_url(), post.community,
                                  highlight(f"{post.title}. {body}", query), getattr(post, "rank", 0), post.created_at))
    if kind in (None, "reply") and not theme:
        replies = Reply.objects.filter(is_hidden=False, post__is_hidden=False, post__community__in=communities)
        for reply in _ranked(replies.select_related("post__community"), query, search_query)[:PER_KIND]:
            results.append(Result("reply", reply.post.title, reply.get_absolute_url(), reply.post.community,
                                  highlight(reply.body, query), getattr(reply, "rank", 0), reply.created_at))
    if kind in (None, "product"):
        products = CapitalizationProduct.objects.filter(
            Q(status="published", visibility="public")
            | Q(community__in=communities.filter(pk__in=Community.objects.of_member(user)))
            | (Q(community__in=communities) if permissions.is_platform_admin(user) else Q(pk__in=[]))
        ).select_related("community").distinct()
        if community is not None:
            products = products.filter(community=community)
        if theme:
            products = products.filter(themes__name__iexact=theme)
        for product in _ranked(products, query, search_query)[:PER_KIND]:
            url = product.get_library_url() if product.is_public else product.get_absolute_url()
            results.append(Result("product", product.title, url, product.community,
                                  highlight(f"{product.summary} {product.lessons}", query), getattr(product, "rank", 0),
                                  product.published_at or product.updated_at))
    if kind in (None, "report") and not theme:
        reports = SessionReport.objects.filter(session__community__in=communities).select_related("session__community")
        for report in _ranked(reports, query, search_query)[:PER_KIND]:
            results.append(Result("report", report.session.title, report.get_absolute_url() + "#report",
                                  report.session.community, highlight(f"{report.key_points} {report.lessons}", query),
                                  getattr(report, "rank", 0), report.created_at))
    if kind in (None, "story") and not theme:
        stories = ValueStory.objects.visible_to(user).filter(community__in=communities).select_related("community")
        for story in _ranked(stories, query, search_query)[:PER_KIND]:
            results.append(Result("story", story.title, story.get_absolute_url(), story.community,
                                  highlight(f"{story.title}. {story.body}", query), getattr(story, "rank", 0),
                                  story.created_at))
    results.sort(key=lambda result: (result.rank, result.date), reverse=True)
    return results
