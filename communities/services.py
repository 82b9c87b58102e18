"""Every write with consequences in the ground floor: communities, memberships,
invitations, interest. Each function validates, writes inside a transaction, records
the audit trail and queues mail on commit. Views, admin actions and tasks call these.
"""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions, registry
from .emails import email_send
from .models import (
    Community,
    Interest,
    Invitation,
    LearningObjective,
    Membership,
    MembershipChange,
    NotificationKind,
    User,
)
from .notifications import notify

INVITATION_VALID_FOR = timedelta(days=30)
MAX_INVITATIONS_AT_ONCE = 500
INVITATION_SALT = "communities.invitation"
# The invitation a signed-out visitor opened, kept in their session until they sign up.
INVITATION_SESSION_KEY = "invitation_token"
INTEREST_SALT = "communities.interest-unsubscribe"
HEADER_WORDS = {"email", "e-mail", "mail", "courriel", "adresse", "address", "البريد الإلكتروني"}


# --- Communities ---------------------------------------------------------------------------


def community_create(*, by, themes=(), **fields):
    """Create a community; its creator becomes its first facilitator."""
    with transaction.atomic():
        community = Community(created_by=by, **fields)
        community.slug = Community.make_slug(community.name)
        community.full_clean(exclude=["slug"])
        community.save()
        if themes:
            community.themes.set(list(themes))
        now = timezone.now()
        membership = Membership.objects.create(
            user=by, community=community, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE,
            joined_at=now, decided_by=by, decided_at=now,
        )
        _record(membership, by, status=("", membership.status), role=("", membership.role))
    return community


def community_update(*, community, by, themes=None, **fields):
    """Change settings. Opening a forming community tells the people who followed it."""
    with transaction.atomic():
        was_forming = Community.objects.select_for_update().get(pk=community.pk).status == Community.Status.FORMING
        for name, value in fields.items():
            setattr(community, name, value)
        community.full_clean(exclude=["slug"])
        community.save()
        if themes is not None:
            community.themes.set(list(themes))
        if was_forming and community.status == Community.Status.ACTIVE:
            interest_notify_opened(community=community)
    return community


# --- Memberships ---------------------------------------------------------------------------


def _record(membership, by, note="", **changes):
    MembershipChange.objects.bulk_create(
        MembershipChange(membership=membership, field=field, old_value=old, new_value=new, changed_by=by, note=note)
        for field, (old, new) in changes.items()
        if old != new
    )


def _lock(community):
    """Serialise membership changes of one community (capacity, last facilitator)."""
    return Community.objects.select_for_update().get(pk=community.pk)


def _has_room(community):
    if community.capacity is None:
        return True
    return community.memberships.active().count() < community.capacity


def _activate_or_waitlist(membership, community, by, note=""):
    old = membership.status
    now = timezone.now()
    if _has_room(community):
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = now
    else:
        membership.status = Membership.Status.WAITLISTED
    membership.ended_at = None
    membership.save()
    _record(membership, by, note=note, status=(old, membership.status))
    return membership


def membership_join(*, community, user, message=""):
    """Join an open community, or ask to join one on request. Returns the membership."""
    with transaction.atomic():
        community = _lock(community)
        if community.is_closed:
            raise ValidationError(_("This community is closed and no longer takes new members."))
        if community.join_policy == Community.JoinPolicy.INVITATION:
            raise ValidationError(_("This community is by invitation only."))
        membership = Membership.objects.filter(user=user, community=community).first()
        if membership and membership.status in (Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.WAITLISTED):
            raise ValidationError(_("You have already joined or asked to join this community."))
        if membership and membership.status == Membership.Status.REMOVED:
            raise ValidationError(_("You were removed from this community; a facilitator can invite you back."))
        membership = membership or Membership(user=user, community=community, role=Membership.Role.MEMBER)
        membership.request_message = message
        membership.requested_at = timezone.now()
        membership.role = Membership.Role.MEMBER
        if community.join_policy == Community.JoinPolicy.OPEN:
            return _activate_or_waitlist(membership, community, user)
        old = membership.status if membership.pk else ""
        membership.status = Membership.Status.REQUESTED
        membership.decided_at = membership.decided_by = None
        membership.save()
        _record(membership, user, status=(old, membership.status))
        notify(
            recipients=[m.user for m in community.memberships.facilitators().select_related("user")],
            kind=NotificationKind.MEMBERSHIP_REQUESTED,
            community=community,
            actor=user,
            target=membership,
            url=reverse("communities:manage", args=[community.slug]),
            email_template="community/membership_requested",
            email_context={"person": user, "message": message},
        )
    return membership


def membership_approve(*, membership, by, message=""):
    with transaction.atomic():
        community = _lock(membership.community)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Membership.Status.REQUESTED:
            raise ValidationError(_("This request has already been decided."))
        membership.decided_by, membership.decided_at = by, timezone.now()
        membership.decision_message = message
        _activate_or_waitlist(membership, community, by, note=message)
        _tell_decision(membership, by)
    return membership


def membership_decline(*, membership, by, message=""):
    with transaction.atomic():
        _lock(membership.community)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in (Membership.Status.REQUESTED, Membership.Status.WAITLISTED):
            raise ValidationError(_("This request has already been decided."))
        old = membership.status
        membership.status = Membership.Status.DECLINED
        membership.decided_by, membership.decided_at = by, timezone.now()
        membership.decision_message = message
        membership.save()
        _record(membership, by, note=message, status=(old, membership.status))
        _tell_decision(membership, by)
    return membership


def _tell_decision(membership, by):
    notify(
        recipients=[membership.user],
        kind=NotificationKind.REQUEST_DECIDED,
        community=membership.community,
        actor=by,
        target=membership,
        url=membership.community.get_absolute_url(),
        data={"decision": membership.status},
        email_template="community/request_decided",
        email_context={"membership": membership, "message": membership.decision_message},
    )


def _check_keeps_a_facilitator(membership):
    if membership.is_facilitator and membership.community.memberships.facilitators().count() <= 1:
        raise ValidationError(
            _("A community always keeps at least one facilitator: make someone else facilitator first.")
        )


def _end(membership, by, status, note=""):
    old = membership.status
    membership.status = status
    membership.role = Membership.Role.MEMBER
    membership.ended_at = timezone.now()
    membership.save()
    _record(membership, by, note=note, status=(old, status))
    if old == Membership.Status.ACTIVE:
        for handler in registry.membership_ended:
            handler(membership=membership, by=by)
        _promote_from_waiting_list(membership.community, by)


def _promote_from_waiting_list(community, by):
    if not _has_room(community):
        return
    waiting = community.memberships.filter(status=Membership.Status.WAITLISTED).order_by("requested_at", "pk").first()
    if waiting:
        _activate_or_waitlist(waiting, community, by, note="promoted from the waiting list")
        _tell_decision(waiting, by)


def membership_leave(*, membership):
    with transaction.atomic():
        _lock(membership.community)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in (Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.WAITLISTED):
            raise ValidationError(_("You are not a member of this community."))
        _check_keeps_a_facilitator(membership)
        _end(membership, membership.user, Membership.Status.LEFT)
    return membership


def membership_remove(*, membership, by, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept for the record.")})
    with transaction.atomic():
        _lock(membership.community)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Membership.Status.ACTIVE:
            raise ValidationError(_("Only active members can be removed."))
        _check_keeps_a_facilitator(membership)
        membership.removal_reason = reason
        membership.decided_by, membership.decided_at = by, timezone.now()
        _end(membership, by, Membership.Status.REMOVED, note=reason)
    return membership


def membership_set_role(*, membership, role, by):
    if role not in Membership.Role.values:
        raise ValidationError(_("Unknown role."))
    with transaction.atomic():
        _lock(membership.community)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Membership.Status.ACTIVE:
            raise ValidationError(_("Only active members can facilitate."))
        if membership.role == role:
            return membership
        if role == Membership.Role.MEMBER:
            _check_keeps_a_facilitator(membership)
        old = membership.role
        membership.role = role
        membership.save()
        _record(membership, by, role=(old, role))
        notify(
            recipients=[membership.user],
            kind=NotificationKind.ROLE_CHANGED,
            community=membership.community,
            actor=by,
            target=membership,
            url=membership.community.get_absolute_url(),
            data={"role": role},
            email_template="community/role_changed",
            email_context={"membership": membership},
        )
    return membership


# --- Invitations -----------------------------------------------------------------------------


@dataclass
class InvitationLine:
    """What happened to one line of a pasted or uploaded list."""

    line: int
    text: str
    outcome: str  # "invited", "malformed", "duplicate", "member", "pending"
    message: str

    @property
    def is_ok(self):
        return self.outcome == "invited"


def parse_addresses(text):
    """Lines (or CSV cells) → [(line number, raw text)], skipping blanks and headers."""
    found = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells:
            continue
        # A CSV row may hold a name and an address: take the cell that looks like one.
        address = next((cell for cell in cells if "@" in cell), None)
        if address is None:
            if number == 1 and any(cell.lower() in HEADER_WORDS for cell in cells):
                continue  # a header row
            address = ", ".join(cells)  # reported whole, as malformed
        found.append((number, address.strip("<>").strip()))
    return found


def invitation_token(invitation):
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token):
    """The invitation behind a token, or None if the token is forged or too old."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_VALID_FOR)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("community", "invited_by").filter(pk=pk).first()


def invitation_in_session(request):
    """The pending invitation whose link this visitor opened, or None."""
    token = request.session.get(INVITATION_SESSION_KEY) if request is not None else None
    invitation = invitation_from_token(token) if token else None
    return invitation if invitation is not None and invitation.is_usable else None


def invitations_send(*, community, by, text):
    """Invite every good address in ``text``; report on every line, good or bad."""
    lines = parse_addresses(text)
    if len(lines) > MAX_INVITATIONS_AT_ONCE:
        raise ValidationError(
            _("At most %(max)d addresses at once; this list has %(count)d.") % {"max": MAX_INVITATIONS_AT_ONCE, "count": len(lines)}
        )
    report, seen, to_invite = [], set(), []
    candidates = {address.lower() for _n, address in lines}
    members = set(
        community.memberships.active()
        .annotate(address=Lower("user__email"))
        .filter(address__in=candidates)
        .values_list("address", flat=True)
    )
    pending = set(
        community.invitations.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
        .annotate(address=Lower("email"))
        .filter(address__in=candidates)
        .values_list("address", flat=True)
    )
    for number, address in lines:
        key = address.lower()
        try:
            validate_email(address)
        except ValidationError:
            report.append(InvitationLine(number, address, "malformed", _("Not a valid email address.")))
            continue
        if key in seen:
            report.append(InvitationLine(number, address, "duplicate", _("Already in this list.")))
        elif key in members:
            report.append(InvitationLine(number, address, "member", _("Already a member.")))
        elif key in pending:
            report.append(InvitationLine(number, address, "pending", _("Already invited; the invitation is still open.")))
        else:
            to_invite.append(key)
            report.append(InvitationLine(number, address, "invited", _("Invited.")))
        seen.add(key)
    if to_invite:
        _create_invitations(community, by, to_invite)
    return report


def _create_invitations(community, by, addresses):
    now = timezone.now()
    users = {
        user.address: user for user in User.objects.annotate(address=Lower("email")).filter(address__in=addresses)
    }
    with transaction.atomic():
        # Expired invitations no longer block a new one for the same address.
        community.invitations.filter(status=Invitation.Status.PENDING, expires_at__lte=now).update(status=Invitation.Status.EXPIRED)
        invitations = Invitation.objects.bulk_create(
            Invitation(
                community=community, email=address, user=users.get(address), invited_by=by,
                created_at=now, expires_at=now + INVITATION_VALID_FOR,
            )
            for address in addresses
        )
        for invitation in invitations:
            link = reverse("invitations:respond", args=[invitation_token(invitation)])
            context = {"invitation": invitation, "community": community, "inviter": by, "link": link}
            if invitation.user:
                notify(
                    recipients=[invitation.user],
                    kind=NotificationKind.INVITATION_RECEIVED,
                    community=community,
                    actor=by,
                    target=invitation,
                    url=link,
                    email_template="community/invitation",
                    email_context=context,
                )
            else:
                email_send(recipients=[invitation.email], template="community/invitation", context=context)
    return invitations


def _check_usable(invitation):
    if invitation.status == Invitation.Status.PENDING and invitation.expires_at <= timezone.now():
        Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.EXPIRED)
        invitation.status = Invitation.Status.EXPIRED
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(
            _("This invitation is no longer valid (%(status)s).") % {"status": invitation.get_status_display()}
        )


def _check_invitee(invitation, user):
    if not permissions.is_invitee(user, invitation):
        raise ValidationError(
            _("This invitation was sent to someone else: sign in with the invited account, or ask a facilitator to invite you.")
        )


def invitation_accept(*, invitation, user):
    with transaction.atomic():
        community = _lock(invitation.community)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_invitee(invitation, user)
        _check_usable(invitation)
        if community.is_closed:
            raise ValidationError(_("This community is closed and no longer takes new members."))
        invitation.status = Invitation.Status.ACCEPTED
        invitation.user = user
        invitation.responded_at = timezone.now()
        invitation.save()
        membership = Membership.objects.filter(user=user, community=community).first()
        if membership and membership.is_active:
            return membership
        membership = membership or Membership(user=user, community=community)
        membership.role = Membership.Role.MEMBER
        membership.requested_at = timezone.now()
        membership.decided_by, membership.decided_at = invitation.invited_by, timezone.now()
        return _activate_or_waitlist(membership, community, user, note=_("accepted an invitation"))


def invitation_decline(*, invitation, user):
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_invitee(invitation, user)
        _check_usable(invitation)
        invitation.status = Invitation.Status.DECLINED
        invitation.user = user
        invitation.responded_at = timezone.now()
        invitation.save()
    return invitation


def invitation_revoke(*, invitation, by):
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.PENDING:
            raise ValidationError(_("Only pending invitations can be revoked."))
        invitation.status = Invitation.Status.REVOKED
        invitation.responded_at = timezone.now()
        invitation.save()
    return invitation


# --- Learning objectives -------------------------------------------------------------------------


def objective_propose(*, community, by, text, accept=False):
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the objective.")})
    objective = LearningObjective(community=community, text=text, proposed_by=by)
    if accept:
        objective.status, objective.decided_by, objective.decided_at = LearningObjective.Status.ACCEPTED, by, timezone.now()
    objective.full_clean()
    objective.save()
    return objective


def objective_decide(*, objective, by, accept):
    updated = LearningObjective.objects.filter(pk=objective.pk, status=LearningObjective.Status.PROPOSED).update(
        status=LearningObjective.Status.ACCEPTED if accept else LearningObjective.Status.DECLINED,
        decided_by=by,
        decided_at=timezone.now(),
    )
    if not updated:
        raise ValidationError(_("This objective has already been decided."))
    objective.refresh_from_db()
    return objective


# --- Interest in a forming community -------------------------------------------------------------


def interest_register(*, community, email, language):
    validate_email(email)
    if community.status != Community.Status.FORMING:
        raise ValidationError(_("This community is already open: sign up and join it."))
    try:
        with transaction.atomic():
            interest, created = Interest.objects.get_or_create(
                community=community, email__iexact=email, defaults={"email": email, "language": language}
            )
    except IntegrityError:
        interest, created = Interest.objects.get(community=community, email__iexact=email), False
    if not created and interest.unsubscribed_at:
        Interest.objects.filter(pk=interest.pk).update(unsubscribed_at=None)
    return interest


def interest_token(interest):
    return signing.dumps(interest.pk, salt=INTEREST_SALT)


def interest_unsubscribe(*, token):
    """Stop following; returns the interest, or None for a forged token."""
    try:
        pk = signing.loads(token, salt=INTEREST_SALT)
    except signing.BadSignature:
        return None
    interest = Interest.objects.select_related("community").filter(pk=pk).first()
    if interest and interest.unsubscribed_at is None:
        Interest.objects.filter(pk=pk).update(unsubscribed_at=timezone.now())
    return interest


def interest_notify_opened(*, community):
    """Tell everyone who followed a forming community that it is open, once each."""
    from django.utils import translation

    interests = list(community.interests.filter(unsubscribed_at__isnull=True, notified_at__isnull=True))
    for interest in interests:
        unsubscribe = reverse("communities:interest-unsubscribe", args=[interest_token(interest)])
        with translation.override(interest.language):
            email_send(
                recipients=[interest.email],
                template="community/opened",
                context={"community": community, "unsubscribe_link": unsubscribe},
                headers={"List-Unsubscribe": f"<{settings.SITE_URL}{unsubscribe}>"},
            )
    Interest.objects.filter(pk__in=[i.pk for i in interests]).update(notified_at=timezone.now())
    return len(interests)
