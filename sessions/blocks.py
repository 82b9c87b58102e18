"""The "upcoming sessions" blocks on the dashboard and on a community's home, its recent
reports and the programmes it belongs to."""

from django.db.models import Max
from django.utils import timezone

from communities import permissions
from communities.models import Community

from .models import Attendance, Programme, Session, SessionFeedback, SessionReport

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


def visitor_open_sessions(request):
    """On the visitors' home page: the next sessions of public communities still running."""
    sessions = (
        Session.objects.upcoming(timezone.now())
        .filter(community__visibility=Community.Visibility.PUBLIC)
        .exclude(community__status=Community.Status.CLOSED)
        .select_related("community")[:LIMIT]
    )
    return {"template": "meetings/partials/visitor_sessions_block.html", "sessions": list(sessions)}


def member_last_attendance(community):
    """{person id: the latest session they attended here, or feedback they gave} (``registry.member_activity``)."""
    latest = dict(
        Attendance.objects.filter(session__community=community).order_by()
        .values("user_id").annotate(last=Max("session__starts_at")).values_list("user_id", "last")
    )
    for user_id, moment in (
        SessionFeedback.objects.filter(session__community=community).order_by()
        .values("user_id").annotate(last=Max("created_at")).values_list("user_id", "last")
    ):
        latest[user_id] = max(moment, latest.get(user_id, moment))
    return latest


def community_programmes(request, community):
    """Links to the programmes the community belongs to (nothing if none)."""
    if not permissions.can_view_sessions(request.user, community):
        return None
    programmes = list(Programme.objects.filter(communities=community).order_by("name"))
    if not programmes:
        return None
    return {"template": "meetings/partials/programmes_block.html", "programmes": programmes, "community": community}
