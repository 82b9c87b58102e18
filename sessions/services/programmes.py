"""Every write about programmes: creating and editing them, their managers, their phases,
and which communities belong to them.

A community joins a programme only with its facilitators' consent: a manager who
facilitates it adds it at once; for any other community the manager sends an invitation
that one of its facilitators accepts or declines from their notification. Who may call
each function is asked in the views (``sessions.permissions``); these functions keep the
rules that hold whoever calls them.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Membership, User
from communities.notifications import notify

from .. import permissions
from ..models import Phase, Programme, ProgrammeInvitation, Session
from ..notifications import ProgrammeNotificationKind

ATTACHED, INVITED = "attached", "invited"


def _clean_name(name):
    return " ".join((name or "").split())


def programme_create(*, by, name, description=""):
    """A new programme, with its creator as its first manager."""
    programme = Programme(name=_clean_name(name), description=description.strip(), created_by=by)
    programme.slug = Programme.make_slug(programme.name)
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        programme.managers.add(by)
    return programme


def programme_update(*, programme, by, name, description=""):
    """Rename or describe it; its web address stays, so links already sent keep working."""
    programme.name = _clean_name(name)
    programme.description = description.strip()
    programme.full_clean()
    programme.save(update_fields=["name", "description"])
    return programme


# --- Managers -----------------------------------------------------------------------------------


def programme_manager_candidates(programme):
    """People who may be made managers: the facilitators of the programme's communities."""
    facilitators = Membership.objects.facilitators().filter(community__programmes=programme).values("user_id")
    return (
        User.objects.filter(pk__in=facilitators, is_active=True)
        .exclude(managed_programmes=programme)
        .order_by("display_name", "pk")
    )


def programme_manager_add(*, programme, user, by):
    if not programme_manager_candidates(programme).filter(pk=user.pk).exists():
        raise ValidationError(_("Only facilitators of the programme’s communities can be made managers."))
    programme.managers.add(user)
    return programme


def programme_manager_remove(*, programme, user, by):
    """Take a manager off the programme; it always keeps at least one."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        managers = set(programme.managers.values_list("pk", flat=True))
        if user.pk not in managers:
            raise ValidationError(_("This person does not manage the programme."))
        if managers == {user.pk}:
            raise ValidationError(_("A programme keeps at least one manager: add another one first."))
        programme.managers.remove(user)
    return programme


# --- Communities --------------------------------------------------------------------------------


def _attach(programme, community):
    programme.communities.add(community)
    # An invitation still waiting is answered by the community joining.
    ProgrammeInvitation.objects.filter(
        programme=programme, community=community, status=ProgrammeInvitation.Status.PENDING
    ).update(status=ProgrammeInvitation.Status.ACCEPTED, decided_at=timezone.now())


def programme_community_add(*, programme, community, by):
    """Add a community the manager facilitates, or invite any other one.

    Returns ``(ATTACHED, None)`` or ``(INVITED, invitation)``; its facilitators are told
    of an invitation and answer it from their notification.
    """
    if programme.communities.filter(pk=community.pk).exists():
        raise ValidationError(_("This community is already part of the programme."))
    if permissions.can_attach_community(by, programme, community):
        with transaction.atomic():
            _attach(programme, community)
        return ATTACHED, None
    if community.is_closed:
        raise ValidationError(_("This community is closed: it can’t be invited into a programme."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = ProgrammeInvitation.objects.create(programme=programme, community=community, invited_by=by)
        except IntegrityError:
            raise ValidationError(_("This community has already been invited; its facilitators will answer.")) from None
        notify(
            recipients=[m.user for m in community.memberships.facilitators().select_related("user")],
            kind=ProgrammeNotificationKind.INVITATION,
            community=community,
            actor=by,
            target=invitation,
            url=invitation.get_absolute_url(),
            data={"programme": programme.name},
            email_template="meetings/programme_invitation",
            email_context={"programme": programme, "invitation": invitation},
        )
    return INVITED, invitation


def programme_invitation_answer(*, invitation, by, accept):
    """A facilitator of the invited community accepts (it joins) or declines; the managers are told."""
    status = ProgrammeInvitation.Status.ACCEPTED if accept else ProgrammeInvitation.Status.DECLINED
    with transaction.atomic():
        # Claimed with a conditional update: of two facilitators answering at once, one wins.
        answered = ProgrammeInvitation.objects.filter(
            pk=invitation.pk, status=ProgrammeInvitation.Status.PENDING
        ).update(status=status, decided_by=by, decided_at=timezone.now())
        if not answered:
            raise ValidationError(_("This invitation has already been answered."))
        invitation.refresh_from_db()
        programme, community = invitation.programme, invitation.community
        if accept:
            programme.communities.add(community)
        notify(
            recipients=list(programme.managers.all()),
            kind=ProgrammeNotificationKind.ACCEPTED if accept else ProgrammeNotificationKind.DECLINED,
            community=community,
            actor=by,
            target=invitation,
            url=programme.get_absolute_url() if accept else reverse("programmes:manage", args=[programme.slug]),
            data={"programme": programme.name},
            email_template="meetings/programme_invitation_answered",
            email_context={"programme": programme, "invitation": invitation, "accepted": accept},
        )
    return invitation


def programme_community_remove(*, programme, community, by):
    """Take a community out; its sessions stay in the community, out of the programme and its phases."""
    with transaction.atomic():
        if not programme.communities.filter(pk=community.pk).exists():
            raise ValidationError(_("This community is not part of the programme."))
        programme.communities.remove(community)
        Session.objects.filter(programme=programme, community=community).update(programme=None, phase=None)
    return programme


# --- Phases -------------------------------------------------------------------------------------


def phase_create(*, programme, by, name, order=None, starts_on=None, ends_on=None):
    """A new phase, after the others unless told where."""
    if order is None:
        order = (programme.phases.aggregate(last=Max("order"))["last"] or 0) + 1
    phase = Phase(programme=programme, name=_clean_name(name), order=order, starts_on=starts_on, ends_on=ends_on)
    phase.full_clean()
    phase.save()
    return phase


def phase_update(*, phase, by, name, order, starts_on=None, ends_on=None):
    phase.name, phase.order, phase.starts_on, phase.ends_on = _clean_name(name), order, starts_on, ends_on
    phase.full_clean()
    phase.save()
    return phase


def phase_delete(*, phase, by):
    """Delete a phase; its sessions stay in the programme, without a phase."""
    with transaction.atomic():
        count = Session.objects.filter(phase=phase).update(phase=None)
        phase.delete()
    return count
