"""A community's health, for its facilitators and the platform admins: the page and its CSV."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import dashboard, permissions
from ..spreadsheets import csv_response


@login_required
@require_safe
def health(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    found = dashboard.sections(community, timezone.now())
    for section in found:
        for series in section.series:
            series.chart = None if series.is_empty else dashboard.chart_data_uri(series)
            series.alternative = dashboard.chart_alternative(series)
    return render(request, "communities/community_dashboard.html", {"community": community, "sections": found})


@login_required
@require_safe
def health_csv(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_community)
    rows = dashboard.csv_rows(community, dashboard.sections(community, timezone.now()))
    return csv_response(f"health-{community.slug}-{timezone.localdate():%Y-%m-%d}.csv", rows)
