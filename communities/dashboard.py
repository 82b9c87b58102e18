"""The community's health, for its facilitators: figures and series from every floor.

Each floor declares a provider in ``communities.registry.health_sections``:
``provider(community, now)`` → a ``Section`` (or None), computed in a fixed number of
queries whatever the community's size. The ground floor gives the members; the knowledge
floor the exchanges, products and stories; the sessions floor attendance and feedback.

The page shows each series as a chart (server-rendered SVG, readable without JavaScript,
with a text alternative) and as a table; the CSV download has the same numbers.
"""

import base64
import bisect
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import pygal
from django.utils import timezone
from django.utils.translation import gettext as _
from pygal.style import Style

from . import registry

ACTIVE_WINDOW = timedelta(days=30)
WEEK = timedelta(days=7)
MONTHS = 12
TOP = 10


@dataclass
class Figure:
    """One number: ``value`` is a number, or None when there is nothing to measure yet."""

    key: str
    label: str
    value: object
    note: str = ""


@dataclass
class Series:
    """Labelled points, drawn as bars (or a line for what changes over time)."""

    key: str
    label: str
    points: list  # [(label, value)]
    line: bool = False
    unit: str = ""

    @property
    def is_empty(self):
        return not any(value for _label, value in self.points)


@dataclass
class Section:
    key: str
    title: str
    position: int
    figures: list = field(default_factory=list)
    series: list = field(default_factory=list)


def sections(community, now=None):
    now = now or timezone.now()
    found = [section for provider in registry.health_sections if (section := provider(community, now))]
    return sorted(found, key=lambda section: section.position)


def csv_rows(community, found):
    """The same numbers as the page: section, measure, item, value."""
    rows = [[_("Section"), _("Measure"), _("Item"), _("Value")]]
    for section in found:
        for figure in section.figures:
            rows.append([section.title, figure.label, "", "" if figure.value is None else figure.value])
        for series in section.series:
            rows.extend([section.title, series.label, label, value] for label, value in series.points)
    return rows


# --- Charts ----------------------------------------------------------------------------------------

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=("#0b6e4f", "#1f4e79", "#8a4b08"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans Arabic', sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    title_font_size=15,
)


def chart_data_uri(series):
    """The series as an SVG picture (no script: it is shown in an ``<img>``), as a data: URI."""
    labels = [str(label) for label, _value in series.points]
    values = [value for _label, value in series.points]
    common = {
        "style": STYLE, "js": [], "show_legend": False, "width": 720, "margin": 16,
        "min_scale": 2, "max_scale": 5, "value_formatter": lambda value: f"{value:g}",
    }
    if series.line:
        chart = pygal.Line(height=300, x_label_rotation=30, **common)
    else:
        # One bar per item, its name beside it, longest lists still readable.
        chart = pygal.HorizontalBar(height=60 + 32 * max(len(values), 1), print_values=True, **common)
        labels, values = labels[::-1], values[::-1]  # horizontal bars draw bottom-up
    chart.x_labels = labels
    chart.add(series.label, values)
    svg = chart.render()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def chart_alternative(series):
    """The text alternative of a chart: what it shows, in words."""
    if series.is_empty:
        return _("%(chart)s: nothing yet.") % {"chart": series.label}
    items = "; ".join(f"{label}: {value}" for label, value in series.points)
    return f"{series.label}. {items}."


# --- The ground floor's section: members -------------------------------------------------------------


def month_starts(now, count=MONTHS):
    """The first instants of the last ``count`` months, oldest first, in the current zone."""
    local = timezone.localtime(now)
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = [first]
    for _n in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return list(reversed(starts))


def members_section(community, now):
    active = list(
        community.memberships.active().select_related("user").only(
            "joined_at", "user__organisation", "user__country", "user_id", "community_id", "status"
        )
    )
    people = [membership.user for membership in active]
    # (joined, ended) of everyone who was a member at some point: members now, and those who left.
    spans = [(membership.joined_at, None) for membership in active]
    spans += community.memberships.filter(joined_at__isnull=False, ended_at__isnull=False).exclude(
        pk__in=[membership.pk for membership in active]
    ).values_list("joined_at", "ended_at")
    over_time = []
    for start in month_starts(now):
        end_of_month = (start + timedelta(days=32)).replace(day=1)
        moment = min(end_of_month, now)
        count = sum(1 for joined, ended in spans if joined and joined <= moment and (ended is None or ended > moment))
        over_time.append((start.strftime("%Y-%m"), count))

    latest = registry.last_activity(community)
    member_ids = {person.pk for person in people}
    monthly = sum(1 for pk in member_ids if latest.get(pk) and latest[pk] >= now - ACTIVE_WINDOW)
    weekly = sum(1 for pk in member_ids if latest.get(pk) and latest[pk] >= now - WEEK)

    countries = Counter(str(person.country.name) for person in people if person.country)
    organisations = Counter(" ".join(person.organisation.split()) for person in people if person.organisation.strip())

    def top(counts):
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))[:TOP]

    return Section(
        key="members",
        title=_("Members"),
        position=10,
        figures=[
            Figure("members", _("Members"), len(people)),
            Figure(
                "active_30_days", _("Active in the last 30 days"), monthly,
                _("posted, replied, attended or gave feedback"),
            ),
            Figure("active_7_days", _("Active in the last 7 days"), weekly),
            Figure(
                "weekly_to_monthly", _("Weekly to monthly active members (%)"),
                round(100 * weekly / monthly) if monthly else None,
                _("how many of the month's active members also took part this week"),
            ),
            Figure("countries", _("Countries represented"), len(countries)),
            Figure("organisations", _("Organisations represented"), len(organisations)),
        ],
        series=[
            Series("members_over_time", _("Members at the end of each month"), over_time, line=True),
            Series("countries", _("Members by country"), top(countries)),
            Series("organisations", _("Members by organisation"), top(organisations)),
        ],
    )


def median(values):
    return statistics.median(values) if values else None


def week_starts(now, count=12):
    """Mondays of the last ``count`` weeks, oldest first, in the current zone."""
    local = timezone.localtime(now)
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return [monday - WEEK * n for n in reversed(range(count))]


def per_week(moments, now, count=12):
    """[(week label, how many moments fall in it)] for the last ``count`` weeks."""
    starts = week_starts(now, count)
    counts = [0] * len(starts)
    for moment in moments:
        if starts[0] <= moment <= now:
            counts[bisect.bisect_right(starts, moment) - 1] += 1
    return [(start.strftime("%d/%m"), count) for start, count in zip(starts, counts)]
