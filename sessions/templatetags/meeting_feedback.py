"""Session feedback on the session page: the attendee's own answer, the facilitators' aggregate."""

from collections import Counter

from django import template

from sessions.models import SessionFeedback
from sessions.services.feedback import feedback_answers, feedback_summary

register = template.Library()


@register.simple_tag
def my_feedback(session, user):
    """{% my_feedback session user as mine %}: the person's own answer, or None."""
    if not user.is_authenticated:
        return None
    answer = SessionFeedback.objects.filter(session=session, user=user).first()
    if answer is not None:
        answer.session = session  # one object, so permission answers cached on it are shared
    return answer


@register.simple_tag
def session_feedback(session):
    """{% session_feedback session as feedback %}: what the facilitators see. The answers and
    the average only from ``SessionFeedback.SMALL_GROUP`` answers; a fixed number of queries."""
    summary = feedback_summary(session)
    answers = feedback_answers(session) if summary["counted"] else None
    context = {"summary": summary, "answers": answers, "small_group": SessionFeedback.SMALL_GROUP}
    if answers:
        labels = dict(SessionFeedback.Usefulness.choices)
        context["distribution"] = [
            {
                "rating": rating,
                "label": labels[rating],
                "count": count,
                "percent": round(100 * count / summary["counted"]),
            }
            for rating, count in sorted(summary["distribution"].items(), reverse=True)
        ]
        context["objectives"] = Counter(text for answer in answers for text in answer["objectives"]).most_common()
        context["themes"] = Counter(name for answer in answers for name in answer["themes"]).most_common()
    return context
