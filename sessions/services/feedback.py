"""Session feedback: attendees answer, facilitators read what the answers add up to.

``feedback_give`` and ``feedback_update`` are services (one transaction each); they refuse
with a ``ValidationError`` whose message is written for the person, and save nothing.
``feedback_summary``, ``feedback_trend``, ``feedback_answers`` and ``feedback_csv_rows``
are selectors for the facilitators' pages (and the health dashboard). They keep two
promises: the answers of a session count only once ``SessionFeedback.SMALL_GROUP``
people gave one (before that, only their number is known), and the author of an
anonymous answer is never named: the rows they return carry a name or None, never the
person.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from communities import permissions
from communities.models import LearningObjective

from ..models import Attendance, Session, SessionFeedback

RATINGS = SessionFeedback.Usefulness.values  # 1 to 5
SMALL_GROUP = SessionFeedback.SMALL_GROUP


def feedback_refusal(*, session, user):
    """Why this person can't answer the feedback on this session, or None if they can."""
    if permissions.can_give_feedback(user, session):
        return None
    if session.status != Session.Status.DONE:
        return _("Feedback opens once the facilitators have closed the session.")
    if session.community.is_closed:
        return _("This community is closed: its sessions take no more feedback.")
    if not permissions.is_attendee(user, session):
        return _("Only the people recorded as present at this session can give feedback on it.")
    return _("Only active members of the community can give feedback on its sessions.")


def _cleaned(*, session, usefulness, learned, will_apply, objectives, themes):
    """The answer's values, checked; raises ``ValidationError`` with every problem found."""
    errors = {}
    try:
        usefulness = int(usefulness)
    except (TypeError, ValueError):
        usefulness = None
    if usefulness not in RATINGS:
        errors["usefulness"] = _("Choose how useful the session was, from 1 to 5.")
    texts = {"learned": (learned or "").strip(), "will_apply": (will_apply or "").strip()}
    for name, text in texts.items():
        if len(text) > SessionFeedback.TEXT_MAX_LENGTH:
            errors[name] = _("Write at most %(limit)s characters.") % {"limit": SessionFeedback.TEXT_MAX_LENGTH}
    objectives, themes = list(objectives or ()), list(themes or ())
    allowed = set(accepted_objectives(session.community).values_list("pk", flat=True))
    if {objective.pk for objective in objectives} - allowed:
        errors["objectives"] = _("Choose among the community’s accepted learning objectives.")
    if {theme.pk for theme in themes} - set(session.community.themes.values_list("pk", flat=True)):
        errors["themes"] = _("Choose among the community’s themes.")
    if errors:
        raise ValidationError(errors)
    return usefulness, texts, objectives, themes


def accepted_objectives(community):
    return LearningObjective.objects.filter(community=community, status=LearningObjective.Status.ACCEPTED)


def feedback_give(
    *, session, user, usefulness, learned="", will_apply="", objectives=(), themes=(), is_anonymous=False
):
    """Save the person's one answer on a closed session they attended. A second one is refused."""
    refusal = feedback_refusal(session=session, user=user)
    if refusal:
        raise ValidationError(refusal)
    usefulness, texts, objectives, themes = _cleaned(
        session=session,
        usefulness=usefulness,
        learned=learned,
        will_apply=will_apply,
        objectives=objectives,
        themes=themes,
    )
    already = _("You have already given your feedback on this session: change it rather than answering again.")
    with transaction.atomic():
        if SessionFeedback.objects.filter(session=session, user=user).exists():
            raise ValidationError(already)
        moment = timezone.now()
        feedback = SessionFeedback(
            session=session,
            user=user,
            usefulness=usefulness,
            is_anonymous=bool(is_anonymous),
            created_at=moment,
            **texts,
        )
        try:
            with transaction.atomic():  # two tabs answering at once: the second finds the first
                feedback.save()
        except IntegrityError:
            raise ValidationError(already) from None
        feedback.objectives.set(objectives)
        feedback.themes.set(themes)
    return feedback


def feedback_update(
    *, feedback, by, usefulness, learned="", will_apply="", objectives=(), themes=(), is_anonymous=False
):
    """Change one's own answer, for ``SessionFeedback.EDITABLE_FOR`` after it was given."""
    if feedback.user_id != by.pk:
        raise ValidationError(_("Only its author can change an answer."))
    refusal = feedback_refusal(session=feedback.session, user=by)
    if refusal:
        raise ValidationError(refusal)
    if not feedback.is_editable:
        raise ValidationError(too_late_message())
    usefulness, texts, objectives, themes = _cleaned(
        session=feedback.session,
        usefulness=usefulness,
        learned=learned,
        will_apply=will_apply,
        objectives=objectives,
        themes=themes,
    )
    with transaction.atomic():
        feedback = SessionFeedback.objects.select_for_update().select_related("session").get(pk=feedback.pk)
        if not feedback.is_editable:
            raise ValidationError(too_late_message())
        feedback.usefulness, feedback.is_anonymous = usefulness, bool(is_anonymous)
        feedback.learned, feedback.will_apply = texts["learned"], texts["will_apply"]
        feedback.save()
        feedback.objectives.set(objectives)
        feedback.themes.set(themes)
    return feedback


def too_late_message():
    days = SessionFeedback.EDITABLE_FOR.days
    return _("An answer can be changed for %(days)s days after it is given: this one can no longer be changed.") % {
        "days": days
    }


# --- Selectors ------------------------------------------------------------------------------------


def _answers_of(sessions):
    if isinstance(sessions, Session):
        return SessionFeedback.objects.filter(session=sessions)
    return SessionFeedback.objects.filter(session__in=sessions)


def _shown_sessions(answers):
    """The sessions among these answers with enough answers to show more than their number."""
    return answers.order_by().values("session").annotate(n=Count("pk")).filter(n__gte=SMALL_GROUP).values("session")


def feedback_summary(sessions):
    """Plain numbers for one session or a queryset of sessions (two queries):

    ``attendees`` recorded, ``answers`` given, ``counted``: the answers of the sessions that
    have at least ``SMALL_GROUP`` of them, the only ones ``average`` (usefulness, 1 to 5,
    rounded to 2 decimals) and ``distribution`` ({rating: answers}) are made of; both are
    None when no session has enough answers.
    """
    answers = _answers_of(sessions)
    shown = Q(session__in=_shown_sessions(answers))
    totals = answers.aggregate(
        answers=Count("pk"),
        counted=Count("pk", filter=shown),
        average=Avg("usefulness", filter=shown),
        **{f"rated_{rating}": Count("pk", filter=shown & Q(usefulness=rating)) for rating in RATINGS},
    )
    if isinstance(sessions, Session):
        attendees = Attendance.objects.filter(session=sessions).count()
    else:
        attendees = Attendance.objects.filter(session__in=sessions).count()
    counted = totals["counted"]
    return {
        "attendees": attendees,
        "answers": totals["answers"],
        "counted": counted,
        "average": round(totals["average"], 2) if counted else None,
        "distribution": {rating: totals[f"rated_{rating}"] for rating in RATINGS} if counted else None,
    }


def feedback_trend(sessions):
    """The closed sessions among ``sessions``, oldest first, each with ``attendee_count``,
    ``answer_count`` and ``average`` (None below ``SMALL_GROUP`` answers): one query."""

    def per_session(model, aggregate):
        rows = model.objects.filter(session=OuterRef("pk")).order_by().values("session")
        return Subquery(rows.annotate(value=aggregate).values("value"))

    rows = (
        sessions.filter(status=Session.Status.DONE)
        .select_related("community")
        .annotate(
            attendee_count=Coalesce(per_session(Attendance, Count("pk")), Value(0), output_field=IntegerField()),
            answer_count=Coalesce(per_session(SessionFeedback, Count("pk")), Value(0), output_field=IntegerField()),
            usefulness_average=per_session(SessionFeedback, Avg("usefulness")),
        )
        .order_by("starts_at", "pk")
    )
    return [_with_average(session) for session in rows]


def _with_average(session):
    average = session.usefulness_average
    shown = session.answer_count >= SMALL_GROUP and average is not None
    session.average = round(float(average), 2) if shown else None
    return session


def feedback_answers(session):
    """For the facilitators: None below ``SMALL_GROUP`` answers, else each answer as a plain
    row (usefulness, texts, objectives, themes, and ``author``: a name, or None when
    anonymous), best rated first. Three queries."""
    answers = _rows(SessionFeedback.objects.filter(session=session))
    if len(answers) < SMALL_GROUP:
        return None
    return [_row(answer) for answer in answers]


def _rows(answers):
    return list(answers.select_related("user").prefetch_related("objectives", "themes").order_by("-usefulness", "pk"))


def _row(answer):
    return {
        "usefulness": answer.usefulness,
        "usefulness_label": answer.get_usefulness_display(),
        "learned": answer.learned,
        "will_apply": answer.will_apply,
        "objectives": [objective.text for objective in answer.objectives.all()],
        "themes": [theme.name for theme in answer.themes.all()],
        "author": None if answer.is_anonymous else answer.user.display_name,
    }


def feedback_csv_rows(sessions):
    """The answers of the sessions with at least ``SMALL_GROUP`` of them, as rows (header
    first), oldest session first; an anonymous answer's author cell says so, nothing more."""
    answers = _answers_of(sessions)
    # Translators: column headers of a spreadsheet.
    rows = [
        [
            pgettext("spreadsheet column", "Date"),
            pgettext("spreadsheet column", "Session"),
            pgettext("spreadsheet column", "Usefulness (1 to 5)"),
            pgettext("spreadsheet column", "What I learned"),
            pgettext("spreadsheet column", "What I will apply"),
            pgettext("spreadsheet column", "Learning objectives"),
            pgettext("spreadsheet column", "Themes"),
            pgettext("spreadsheet column", "Author"),
        ]
    ]
    shown = (
        answers.filter(session__in=_shown_sessions(answers))
        .select_related("user", "session")
        .prefetch_related("objectives", "themes")
        .order_by("session__starts_at", "session__pk", "-usefulness", "pk")
    )
    for answer in shown:
        row = _row(answer)
        rows.append(
            [
                timezone.localtime(answer.session.starts_at).date().isoformat(),
                answer.session.title,
                row["usefulness"],
                row["learned"],
                row["will_apply"],
                "; ".join(row["objectives"]),
                "; ".join(row["themes"]),
                row["author"] or _("Anonymous"),
            ]
        )
    return rows
