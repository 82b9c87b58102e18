"""What sessions add to digests: the next 14 days, with each reader's answer."""

from datetime import timedelta

from communities.digests import DigestItem

from .models import Rsvp, Session

AHEAD = timedelta(days=14)


def upcoming_sessions(batch):
    sessions = list(
        Session.objects.filter(
            community_id__in=list(batch.communities),
            status=Session.Status.SCHEDULED,
            starts_at__gt=batch.now,
            starts_at__lte=batch.now + AHEAD,
        ).only("community_id", "title", "starts_at", "created_at", "format")
    )
    answers = {}
    for rsvp in Rsvp.objects.filter(session__in=sessions, user_id__in=batch.user_ids).only(
        "session_id", "user_id", "response", "is_waitlisted"
    ):
        answers.setdefault(rsvp.session_id, {})[rsvp.user_id] = rsvp
    for session in sessions:
        session.community = batch.communities[session.community_id]
        yield DigestItem(
            section="sessions",
            key=("session", session.pk),
            community_id=session.community_id,
            title=session.title,
            url=f"{session.get_absolute_url()}#rsvp-heading",
            created_at=session.created_at,
            starts_at=session.starts_at,
            always=True,
            personal=answers.get(session.pk, {}),
        )
