"""The "upcoming sessions" blocks on the dashboard and on a community's home, and its recent reports."""

from django.utils import timezone

from communities import permissions
from communities.models import Community

from .models import Session, SessionReport

LIMIT = 5


def dashboard_upcoming_sessions(request):
    sessions = (
        Session.objects.upcoming(timezone.now())
        .filter(community__in=Community.objects.of_member(request.user))
        .select_related("community")[:LIMIT]
    )
    return {"template": "meetings/partials/upcoming_block.html", "sessions": list(sessions), "show_community": True}


def community_upcoming_sessions(request, community):
    if not permissions.can_view_sessions(request.user, community):
        return None
    sessions = community.sessions.upcoming(timezone.now()).select_related("community")[:LIMIT]
    return {"template": "meetings/partials/upcoming_block.html", "sessions": list(sessions), "community": community}


def community_recent_reports(request, community):
    """The latest session reports, in the community's recent activity (nothing if none yet)."""
    if not permissions.can_view_sessions(request.user, community):
        return None
    reports = list(
        SessionReport.objects.filter(session__community=community)
        .select_related("session", "written_by")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    if not reports:
        return None
    for report in reports:
        report.session.community = community  # for its URL, without a query per report
    return {"template": "meetings/partials/recent_reports.html", "reports": reports, "community": community}
