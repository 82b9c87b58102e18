"""Closing a session (attendance and report), writing to its attendees, their list as CSV.

Only the people who manage the community's sessions reach these pages: anonymous
visitors are sent to sign in, everyone else is refused.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from communities import permissions
from communities.spreadsheets import csv_response

from ..forms_reports import AttendeeMessageForm, SessionCloseForm
from ..models import Session, SessionReport
from ..services import reports


def _managed_session(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_manage_sessions)
    session = get_object_or_404(Session, pk=pk, community=community)
    session.community = community  # one object, so permission answers cached on it are shared
    return community, session


@login_required
@require_http_methods(["GET", "POST"])
def session_close(request, slug, pk):
    community, session = _managed_session(request, slug, pk)
    if not permissions.can_close_session(request.user, session):
        if session.is_cancelled:
            messages.error(request, _("This session was cancelled: there is nothing to report."))
        else:
            messages.error(request, _("This session hasn’t started yet: close it once it has taken place."))
        return redirect(session)
    report = SessionReport.objects.filter(session=session).first()
    form = SessionCloseForm(
        request.POST or None, request.FILES or None, session=session, instance=report or SessionReport(session=session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_save(session=session, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if report is None:
                messages.success(request, _("The report is published and the members have been told."))
            else:
                messages.success(request, _("The report is updated."))
            return redirect(f"{session.get_absolute_url()}#report")
    return render(
        request,
        "meetings/session_close.html",
        {"community": community, "session": session, "form": form, "report": report},
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendees_message(request, slug, pk):
    community, session = _managed_session(request, slug, pk)
    permissions.require(permissions.can_message_attendees(request.user, session))
    form = AttendeeMessageForm(request.POST or None, session=session, sender=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            count = reports.attendees_message(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if count:
                messages.success(
                    request,
                    ngettext(
                        "Your message was sent to %(count)s person.", "Your message was sent to %(count)s people.", count
                    )
                    % {"count": count},
                )
                return redirect(session)
            form.add_error("audience", _("Nobody is in this group: no message was sent."))
    return render(request, "meetings/attendee_message.html", {"community": community, "session": session, "form": form})


@login_required
@require_safe
def attendees_csv(request, slug, pk):
    _community, session = _managed_session(request, slug, pk)
    permissions.require(permissions.can_message_attendees(request.user, session))
    return csv_response(f"attendees-{session.pk}.csv", reports.attendees_csv_rows(session))
