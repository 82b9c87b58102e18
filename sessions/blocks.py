"""The "upcoming sessions" blocks on the dashboard and on a community's home."""

from django.utils import timezone

from communities import permissions
from communities.models import Membership

from .models import Session

LIMIT = 5


def dashboard_upcoming_sessions(request):
    sessions = (
        Session.objects.upcoming(timezone.now())
        .filter(community__memberships__user=request.user, community__memberships__status=Membership.Status.ACTIVE)
        .select_related("community")[:LIMIT]
    )
    return {"template": "meetings/partials/upcoming_block.html", "sessions": list(sessions), "show_community": True}


def community_upcoming_sessions(request, community):
    if not permissions.can_view_sessions(request.user, community):
        return None
    sessions = community.sessions.upcoming(timezone.now()).select_related("community")[:LIMIT]
    return {"template": "meetings/partials/upcoming_block.html", "sessions": list(sessions), "community": community}
