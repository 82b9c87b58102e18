"""Closing a session: who attended, the report, messages to attendees and their list.

``report_save`` and ``attendees_message`` are services (one transaction each, mail
queued on commit through the mail service); ``attendees_csv_rows`` is a selector.
Callers ask ``communities.permissions`` first (``can_close_session``,
``can_message_attendees``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from communities.attachments import attachment_add
from communities.emails import email_send
from communities.models import Membership, User
from communities.notifications import notify

from ..models import Attendance, Rsvp, Session, SessionReport
from ..notifications import SessionNotificationKind

AUDIENCES = ("all", "going", "maybe", "waitlisted")
SUBJECT_MAX_LENGTH = 200


def _active_member_ids(community, user_ids):
    return set(
        Membership.objects.active().filter(community=community, user_id__in=user_ids).values_list("user_id", flat=True)
    )


def report_save(*, session, by, attendee_ids, key_points, lessons, decisions, uploads=()):
    """Record attendance and write (or edit) the report; the session is then done.

    The members are told once, when the report is first published; later edits are quiet.
    Attendees must be active members of the community. Those newly recorded as present are
    asked for their feedback in the app, and the report's e-mail carries the link to it.
    """
    key_points, lessons, decisions = (text.strip() for text in (key_points or "", lessons or "", decisions or ""))
    if not (key_points or lessons or decisions):
        raise ValidationError(_("Write at least the key points, the lessons or the decisions."))
    with transaction.atomic():
        # The lock makes "first publication" exact when two facilitators save at once.
        session = Session.objects.select_for_update(of=("self",)).select_related("community").get(pk=session.pk)
        community = session.community
        if community.is_closed:
            raise ValidationError(_("This community is closed: its sessions can’t be changed."))
        if session.is_cancelled:
            raise ValidationError(_("This session was cancelled: there is nothing to report."))
        if not session.has_started:
            raise ValidationError(_("This session hasn’t started yet: close it once it has taken place."))
        wanted = {int(pk) for pk in attendee_ids}
        if wanted - _active_member_ids(community, wanted):
            raise ValidationError(_("Only active members of the community can be recorded as attendees."))

        report = SessionReport.objects.filter(session=session).first()
        is_first_publication = report is None
        if report is None:
            report = SessionReport(session=session, written_by=by)
        report.key_points, report.lessons, report.decisions = key_points, lessons, decisions
        report.full_clean(exclude=["session", "written_by"])
        report.save()

        recorded = set(session.attendances.values_list("user_id", flat=True))
        session.attendances.filter(user_id__in=recorded - wanted).delete()
        Attendance.objects.bulk_create(
            Attendance(session=session, user_id=pk, recorded_by=by) for pk in sorted(wanted - recorded)
        )

        if session.status != Session.Status.DONE:
            session.status = Session.Status.DONE
            session.save(update_fields=["status", "updated_at"])

        for uploaded_file in uploads:
            attachment_add(community=community, by=by, uploaded_file=uploaded_file, target=report)

        feedback_url = reverse("meetings:feedback", args=[community.slug, session.pk])

        if is_first_publication:
            notify(
                recipients=[m.user for m in community.memberships.active().select_related("user")],
                kind=SessionNotificationKind.REPORT,
                community=community,
                actor=by,
                target=report,
                url=session.get_absolute_url(),
                data={"session": session.title},
                email_template="meetings/session_report",
                email_context={
                    "session": session, "report": report, "feedback_url": feedback_url, "attendee_ids": wanted,
                },
            )
        notify(
            recipients=list(User.objects.filter(pk__in=wanted - recorded)),
            kind=SessionNotificationKind.FEEDBACK_REQUESTED,
            community=community,
            actor=by,
            target=session,
            url=feedback_url,
            data={"session": session.title},
        )
    return report


def attendee_recipients(session, audience):
    """The people an attendee message to ``audience`` reaches: still active members only."""
    if audience not in AUDIENCES:
        raise ValidationError(_("Choose who the message is for."))
    rsvps = Rsvp.objects.filter(session=session)
    if audience == "all":
        rsvps = rsvps.filter(response__in=[Rsvp.Response.GOING, Rsvp.Response.MAYBE])
    elif audience == "going":
        rsvps = rsvps.filter(response=Rsvp.Response.GOING, is_waitlisted=False)
    elif audience == "maybe":
        rsvps = rsvps.filter(response=Rsvp.Response.MAYBE)
    else:
        rsvps = rsvps.filter(response=Rsvp.Response.GOING, is_waitlisted=True)
    # Someone who left a private community no longer hears from it.
    return list(
        User.objects.active_members_of(session.community_id)
        .filter(pk__in=rsvps.values("user_id"), is_active=True)
        .order_by("display_name", "pk")
    )


def attendees_message(*, session, by, audience, subject, body):
    """Email the facilitator's own message to one group of the session's respondents.

    ``all`` means going, maybe and the waiting list (never those not going). The sender
    is not written to. Returns the number of recipients.
    """
    subject, body = " ".join((subject or "").split()), (body or "").strip()
    if not subject or len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationError(_("Write a subject of at most %(limit)s characters.") % {"limit": SUBJECT_MAX_LENGTH})
    if not body:
        raise ValidationError(_("Write a message."))
    with transaction.atomic():
        recipients = [person for person in attendee_recipients(session, audience) if person != by]
        if recipients:
            email_send(
                recipients=recipients,
                template="meetings/attendee_message",
                context={"session": session, "community": session.community, "sender": by, "subject": subject, "body": body},
            )
    return len(recipients)


# --- Selector ---------------------------------------------------------------------------------

def attendees_csv_rows(session):
    """The attendee list as rows (header first): everyone who answered, then anyone
    recorded as present without having answered."""
    yes, no = _("yes"), _("no")
    # Translators: column headers of a spreadsheet (nouns: "Answer" is the person's reply, not the verb).
    rows = [[
        pgettext("spreadsheet column", "Name"), pgettext("spreadsheet column", "Email"),
        pgettext("spreadsheet column", "Organisation"), pgettext("spreadsheet column", "Country"),
        pgettext("spreadsheet column", "Answer"), pgettext("spreadsheet column", "Waiting list"),
        pgettext("spreadsheet column", "Attended"),
    ]]
    attended = set(session.attendances.values_list("user_id", flat=True))
    rsvps = session.rsvps.select_related("user").order_by("user__display_name", "user__pk")
    answered = set()
    people = []
    for rsvp in rsvps:
        answered.add(rsvp.user_id)
        people.append((rsvp.user, rsvp.get_response_display(), yes if rsvp.is_waitlisted else no))
    for user in User.objects.filter(pk__in=attended - answered).order_by("display_name", "pk"):
        people.append((user, "", no))
    for user, answer, waitlisted in people:
        rows.append(
            [
                user.display_name,
                user.email,
                user.organisation,
                user.country.name if user.country else "",
                answer,
                waitlisted,
                yes if user.pk in attended else no,
            ]
        )
    return rows
