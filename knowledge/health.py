"""The knowledge floor's share of a community's health (``registry.health_sections``):
exchanges, answers to questions, products and value-creation stories."""

from datetime import timedelta

from django.db.models import Count, F, Min, Q
from django.utils.translation import gettext as _

from communities.dashboard import Figure, Section, Series, median, per_week

from .models import CapitalizationProduct, Post, Reply, ValueCycle
from .services.stories import stories_per_cycle

ANSWER_WITHIN = timedelta(hours=48)
QUESTIONS_OVER = timedelta(days=90)
WEEKS = 12


def exchanges_section(community, now):
    since = now - timedelta(weeks=WEEKS)
    post_moments = list(Post.objects.filter(community=community, created_at__gte=since).values_list("created_at", flat=True))
    reply_moments = list(
        Reply.objects.filter(post__community=community, created_at__gte=since).values_list("created_at", flat=True)
    )
    # Questions of the last 90 days old enough to have had 48 hours, with their first answer
    # by someone other than their author.
    questions = list(
        Post.objects.filter(
            community=community, kind=Post.Kind.QUESTION, created_at__gte=now - QUESTIONS_OVER,
            created_at__lte=now - ANSWER_WITHIN,
        )
        .annotate(first_answer=Min("replies__created_at", filter=~Q(replies__author=F("author"))))
        .values_list("created_at", "first_answer")
    )
    delays = [answered - asked for asked, answered in questions if answered is not None]
    in_time = sum(1 for delay in delays if delay <= ANSWER_WITHIN)
    middle = median(delays)
    unanswered = Post.objects.filter(community=community).visible().unanswered_questions().count()
    products = dict(
        CapitalizationProduct.objects.filter(community=community).order_by().values_list("status").annotate(n=Count("pk"))
    )
    stories = stories_per_cycle(community)
    return Section(
        key="exchanges",
        title=_("Exchanges and knowledge"),
        position=20,
        figures=[
            Figure(
                "answered_within_48_hours", _("Questions answered within 48 hours (%)"),
                round(100 * in_time / len(questions)) if questions else None,
                _("questions of the last 90 days; the first answer by someone else"),
            ),
            Figure(
                "median_first_answer_hours", _("Median time to a first answer (hours)"),
                round(middle.total_seconds() / 3600, 1) if middle is not None else None,
            ),
            Figure("unanswered_questions", _("Questions without an answer"), unanswered),
        ],
        series=[
            Series("posts_per_week", _("Posts per week"), per_week(post_moments, now, WEEKS), line=True),
            Series("replies_per_week", _("Replies per week"), per_week(reply_moments, now, WEEKS), line=True),
            Series(
                "products_by_status", _("Capitalization products by status"),
                [(str(label), products.get(value, 0)) for value, label in CapitalizationProduct.Status.choices],
            ),
            Series(
                "stories_per_cycle", _("Value-creation stories per cycle"),
                [(str(label), stories[value]) for value, label in ValueCycle.choices],
            ),
        ],
    )
