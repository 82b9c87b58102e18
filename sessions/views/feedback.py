"""Session feedback: the attendee's form, and for facilitators the trend over sessions and its CSV.

The form's address names the session, never an answer, so no link points at a person's
answer. The per-session aggregate is on the session page (``meetings/partials/feedback.html``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from communities import permissions
from communities.spreadsheets import csv_response

from ..forms_feedback import SessionFeedbackForm
from ..models import Session, SessionFeedback
from ..services import feedback


@login_required
@require_http_methods(["GET", "POST"])
def feedback_form(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_sessions)
    session = get_object_or_404(Session, pk=pk, community=community)
    session.community = community  # one object, so permission answers cached on it are shared
    user = request.user
    refusal = feedback.feedback_refusal(session=session, user=user)
    if refusal:
        messages.error(request, refusal)
        return redirect(session)
    answer = SessionFeedback.objects.filter(session=session, user=user).first()
    if answer is not None:
        answer.session = session
    is_editable = answer is None or permissions.can_edit_feedback(user, answer)
    if request.method == "POST" and not is_editable:
        messages.error(request, feedback.too_late_message())
        return redirect(request.path)
    form = SessionFeedbackForm(
        request.POST if request.method == "POST" else None,
        instance=answer or SessionFeedback(session=session, user=user),
        session=session,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if answer is None or form.cleaned_data["first_answer"]:
                saved = feedback.feedback_give(session=session, user=user, **form.service_fields())
            else:
                saved = feedback.feedback_update(feedback=answer, by=user, **form.service_fields())
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Not about a field: a second answer, the week that ended meanwhile.
                for message in error.messages:
                    messages.error(request, message)
                return redirect(request.path)
            form.add_error(None, error)
        else:
            until = date_format(timezone.localtime(saved.editable_until), "DATETIME_FORMAT")
            messages.success(
                request, _("Thank you: your feedback is saved. You can change it until %(date)s.") % {"date": until}
            )
            return redirect(f"{session.get_absolute_url()}#feedback")
    return render(
        request,
        "meetings/session_feedback.html",
        {
            "community": community,
            "session": session,
            "form": form,
            "answer": answer,
            "is_editable": is_editable,
            "editable_days": SessionFeedback.EDITABLE_FOR.days,
        },
    )


@login_required
@require_safe
def feedback_trend(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_feedback)
    closed = community.sessions.filter(status=Session.Status.DONE)
    return render(
        request,
        "meetings/feedback_trend.html",
        {
            "community": community,
            "sessions": feedback.feedback_trend(community.sessions.all()),
            "summary": feedback.feedback_summary(closed),
            "small_group": SessionFeedback.SMALL_GROUP,
        },
    )


@login_required
@require_safe
def feedback_csv(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_feedback)
    return csv_response(f"session-feedback-{community.pk}.csv", feedback.feedback_csv_rows(community.sessions.all()))
