"""Search across posts, replies, capitalization products and session reports.

On PostgreSQL: a stored search vector per row, built with the row's own language
(English and French ignoring accents, Arabic, ``simple`` otherwise), title weighted over
body, GIN-indexed, ranked. On SQLite (the embedded default): a plain match on the words,
correct if less clever. Either way results respect permissions, and snippets are
escaped first and highlighted through sentinel markers, so text can never become markup.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from communities import permissions
from communities.models import Community
from sessions.models import SessionReport

from .models import CapitalizationProduct, Post, Reply

CONFIGS = {"en": "en_unaccent", "fr": "fr_unaccent", "ar": "arabic"}
QUERY_CONFIGS = ("en_unaccent", "fr_unaccent", "arabic", "simple")
MAX_QUERY = 200
PER_KIND = 30
START, STOP = "\x02", "\x03"  # sentinels: never in escaped text, never in user input (stripped)


def config_for(language):
    return CONFIGS.get(language, "simple")


def uses_postgres():
    return connection.vendor == "postgresql"


# --- Keeping vectors up to date ---------------------------------------------------------------


def _vector(fields, config):
    """``fields``: [(name, weight)]."""
    vector = None
    for name, weight in fields:
        part = SearchVector(name, weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def refresh_vector(instance):
    if not uses_postgres():
        return
    model = type(instance)
    if model is Post:
        config = config_for(instance.language)
        fields = [("title", "A"), ("body", "B"), ("context", "C"), ("what_was_done", "C"), ("what_happened", "C"), ("lessons", "B")]
    elif model is Reply:
        config, fields = config_for(instance.post.language), [("body", "B")]
    elif model is CapitalizationProduct:
        config = config_for(instance.language)
        fields = [("title", "A"), ("summary", "B"), ("lessons", "B"), ("recommendations", "B"),
                  ("context", "C"), ("actors", "C"), ("process", "C"), ("results", "C"), ("replication", "C")]
    else:
        languages = instance.session.community.working_language_codes
        config = config_for(languages[0] if languages else "")
        fields = [("key_points", "B"), ("lessons", "B"), ("decisions", "C")]
    model.objects.filter(pk=instance.pk).update(search_vector=_vector(fields, config))


@receiver(post_save, sender=Post)
@receiver(post_save, sender=Reply)
@receiver(post_save, sender=CapitalizationProduct)
@receiver(post_save, sender=SessionReport)
def _refresh_on_save(sender, instance, **kwargs):
    refresh_vector(instance)


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


def _text_match(fields, query):
    condition = Q()
    for word in _words(query) or [query]:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _ranked(queryset, fields, query, search_query):
    if uses_postgres():
        return (
            queryset.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank")
        )
    return queryset.filter(_text_match(fields, query))


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
        for post in _ranked(posts, ["title", "body", "context", "lessons"], query, search_query)[:PER_KIND]:
            body = " ".join(filter(None, [post.body, post.context, post.what_was_done, post.what_happened, post.lessons]))
            results.append(Result("post", post.title, post.get_absolute_url(), post.community,
                                  highlight(f"{post.title}. {body}", query), getattr(post, "rank", 0), post.created_at))
    if kind in (None, "reply") and not theme:
        replies = Reply.objects.filter(is_hidden=False, post__is_hidden=False, post__community__in=communities)
        for reply in _ranked(replies.select_related("post__community"), ["body"], query, search_query)[:PER_KIND]:
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
        for product in _ranked(products, ["title", "summary", "lessons", "recommendations"], query, search_query)[:PER_KIND]:
            url = product.get_library_url() if product.is_public else product.get_absolute_url()
            results.append(Result("product", product.title, url, product.community,
                                  highlight(f"{product.summary} {product.lessons}", query), getattr(product, "rank", 0),
                                  product.published_at or product.updated_at))
    if kind in (None, "report") and not theme:
        reports = SessionReport.objects.filter(session__community__in=communities).select_related("session__community")
        for report in _ranked(reports, ["key_points", "lessons", "decisions"], query, search_query)[:PER_KIND]:
            results.append(Result("report", report.session.title, report.get_absolute_url() + "#report",
                                  report.session.community, highlight(f"{report.key_points} {report.lessons}", query),
                                  getattr(report, "rank", 0), report.created_at))
    results.sort(key=lambda result: (result.rank, result.date), reverse=True)
    return results
