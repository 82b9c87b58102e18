"""Session pages: lists, scheduling, details with RSVP and attendees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import permissions

from .. import services
from ..forms import RsvpForm, ScopeForm, SeriesForm, SessionForm
from ..guides import TECHNIQUE_GUIDES
from ..models import Rsvp, Session
from ..services import series


def _session(community, pk):
    return get_object_or_404(Session.objects.select_related("community"), pk=pk, community=community)


def session_list(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_sessions)
    now = timezone.now()
    sessions = community.sessions.select_related("community").prefetch_related("facilitators")
    upcoming = list(sessions.upcoming(now))
    past = Paginator(sessions.past(now), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/session_list.html",
        {
            "community": community,
            "upcoming": upcoming,
            "past": past,
            "may_schedule": permissions.can_manage_sessions(request.user, community),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_sessions)
    form = SessionForm(request.POST or None, initial={"timezone": request.user.timezone}, community=community)
    series_form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and series_form.is_valid():
        repeat = series_form.cleaned_data["repeat"]
        try:
            if repeat:
                sessions = series.series_schedule(
                    community=community, by=request.user, frequency=repeat,
                    until=series_form.cleaned_data["repeat_until"], count=series_form.cleaned_data["repeat_count"],
                    **form.service_fields(),
                )
                session = sessions[0]
            else:
                session = services.session_schedule(community=community, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if repeat:
                messages.success(request, _("%(count)d sessions are scheduled and the members have been told.") % {"count": len(sessions)})
            elif session.starts_at <= timezone.now():
                messages.success(request, _("The past session was recorded. No invitation was sent."))
            else:
                messages.success(request, _("The session is scheduled and the members have been told."))
            return redirect(session)
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "series_form": series_form, "community": community, "guides": TECHNIQUE_GUIDES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_sessions)
    session = _session(community, pk)
    if session.is_cancelled:
        messages.error(request, _("A cancelled session can’t be changed."))
        return redirect(session)
    form = SessionForm(request.POST or None, instance=Session.objects.get(pk=session.pk), community=community)
    scope_form = ScopeForm(request.POST or None) if session.recurrence_id else None
    if request.method == "POST" and form.is_valid() and (scope_form is None or scope_form.is_valid()):
        try:
            if scope_form and scope_form.cleaned_data["scope"] == "following":
                series.series_update_following(session=session, by=request.user, **form.service_fields())
            else:
                services.session_update(session=session, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The session was updated and the members have been told."))
            return redirect(session)
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "scope_form": scope_form, "community": community, "session": session,
         "guides": TECHNIQUE_GUIDES},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_sessions)
    session = _session(community, pk)
    scope_form = ScopeForm(request.POST or None) if session.recurrence_id else None
    if request.method == "POST" and (scope_form is None or scope_form.is_valid()):
        try:
            if scope_form and scope_form.cleaned_data["scope"] == "following":
                series.series_cancel_following(session=session, by=request.user)
            else:
                services.session_cancel(session=session, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The session is cancelled and the members have been told."))
        return redirect(session)
    return render(
        request, "meetings/session_cancel_confirm.html", {"community": community, "session": session, "scope_form": scope_form}
    )


def session_detail(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_sessions)
    session = _session(community, pk)
    user = request.user
    may_see_details = permissions.can_see_session_details(user, session)
    rsvps = list(session.rsvps.select_related("user")) if may_see_details else []
    mine = next((r for r in rsvps if r.user_id == user.pk), None)
    attendees = {response: [] for response in Rsvp.Response.values}
    waitlist = []
    for rsvp in rsvps:
        (waitlist if rsvp.is_waitlisted else attendees[rsvp.response]).append(rsvp)
    return render(
        request,
        "meetings/session_detail.html",
        {
            "community": community,
            "session": session,
            "facilitators": session.facilitators.all(),
            "may_see_details": may_see_details,
            "may_rsvp": permissions.can_rsvp(user, session),
            "may_edit": permissions.can_manage_sessions(user, community) and not session.is_cancelled,
            "mine": mine,
            "rsvp_form": RsvpForm(initial={"response": mine.response if mine else None}),
            "going": attendees["going"],
            "maybe": attendees["maybe"],
            "not_going": attendees["not_going"],
            "waitlist": waitlist,
            "guide": TECHNIQUE_GUIDES.get(session.technique),
        },
    )


@require_POST
def rsvp(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    session = _session(community, pk)
    permissions.require_sign_in(request, next_url=session.get_absolute_url())
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose going, maybe or not going."))
        return redirect(session)
    try:
        answer = services.rsvp_set(session=session, user=request.user, response=form.cleaned_data["response"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(session)
    if answer.is_waitlisted:
        messages.info(request, _("The session is full: you are on the waiting list. We will write to you if a place opens."))
    else:
        messages.success(request, _("Your answer is saved: %(answer)s.") % {"answer": answer.get_response_display()})
    return redirect(session)

