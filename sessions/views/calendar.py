"""Calendars: one session's .ics, a person's subscription feed, and the page that manages it."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from communities import permissions
from communities.models import Membership

from .. import calendar
from ..models import CalendarFeed, Session

# Subscribed calendars keep recent history: a cancellation from last month stays visible.
FEED_HISTORY = timedelta(days=90)
FEED_MAX_AGE = 300


def _ics_response(ical, filename=None):
    response = HttpResponse(ical.to_ical(), content_type=calendar.ICS_CONTENT_TYPE)
    if filename:
        response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
def session_ics(request, slug, pk):
    session = get_object_or_404(Session.objects.select_related("community"), pk=pk, community__slug=slug)
    permissions.require(permissions.can_view_sessions(request.user, session.community))
    include_private = permissions.can_see_session_details(request.user, session)
    ical = calendar.session_calendar(session, include_private=include_private)
    return _ics_response(ical, f"{slugify(session.title) or 'session'}.ics")


@require_safe
def feed(request, token):
    """No sign-in: calendar apps fetch this without cookies. The secret token is the credential."""
    subscription = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if subscription is None:
        raise Http404
    owner = subscription.user
    sessions = (
        Session.objects.filter(
            community__in=Membership.objects.active().filter(user=owner).values("community_id"),
            starts_at__gte=timezone.now() - FEED_HISTORY,
        )
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    with translation.override(owner.language):
        ical = calendar.calendar_for(sessions, include_private_for=owner, name=_("My sessions · CoP platform"))
    response = _ics_response(ical)
    patch_cache_control(response, private=True, max_age=FEED_MAX_AGE)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@login_required
def calendar_settings(request):
    active = calendar.active_feed(request.user)
    context = {"feed": active}
    if active:
        url = calendar.feed_url(active)
        context["feed_url"] = url
        context["webcal_url"] = "webcal://" + url.split("://", 1)[1]
    return render(request, "meetings/calendar_settings.html", context)


@require_POST
@login_required
def regenerate(request):
    had_one = calendar.active_feed(request.user) is not None
    calendar.calendar_feed_create(user=request.user)
    if had_one:
        messages.success(request, _("Your calendar has a new address. The old one no longer works: subscribe again with the new one."))
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return redirect("calendar:settings")


@require_POST
@login_required
def revoke(request):
    if calendar.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar address no longer works. Calendars subscribed to it stop updating."))
    else:
        messages.info(request, _("You had no calendar address to stop."))
    return redirect("calendar:settings")
