"""Every write with consequences in the ground floor: communities, memberships,
invitations, interest. Each function validates, writes inside a transaction, records
the audit trail and queues mail on commit. Views, admin actions and tasks call these.
"""

from dataclasses import dataclass, replace
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import invitation_lists, permissions, registry
from .emails import email_send
from .models import (
    Community,
    CommunityStartRequest,
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
MAX_INVITATIONS_AT_ONCE = invitation_lists.MAX_ROWS
INVITATION_SALT = "communities.invitation"
# The invitation a signed-out visitor opened, kept in their session until they sign up.
INVITATION_SESSION_KEY = "invitation_token"
INTEREST_SALT = "communities.interest-unsubscribe"
INTEREST_CONFIRM_SALT = "communities.interest-confirm"
INTEREST_CONFIRM_VALID_FOR = timedelta(days=7)


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
    """Change settings. Opening a forming community tells the people who followed it; more
    places (or no limit any more) go to the waiting list, in its order."""
    with transaction.atomic():
        # Under the lock joins take, so the member count and the waiting list hold still.
        stored = _lock(community)
        was_forming = stored.status == Community.Status.FORMING
        capacity_changed = "capacity" in fields and fields["capacity"] != stored.capacity
        for name, value in fields.items():
            setattr(community, name, value)
        if capacity_changed:
            try:
                community.check_capacity(community.capacity)
            except ValidationError as error:
                raise ValidationError({"capacity": error}) from None
        community.full_clean(exclude=["slug"])
        community.save()
        if themes is not None:
            community.themes.set(list(themes))
        if was_forming and community.status == Community.Status.ACTIVE:
            interest_notify_opened(community=community)
        if community.is_closed and not stored.is_closed:
            _withdraw_what_is_pending(community, by)
        elif capacity_changed:
            _promote_from_waiting_list(community, by)
    return community


def _withdraw_what_is_pending(community, by):
    """Closing: pending invitations are withdrawn and requests (waiting list included)
    declined, each person told, so nobody waits on a community that has ended."""
    now = timezone.now()
    invitations = list(community.invitations.filter(status=Invitation.Status.PENDING).select_related("user"))
    Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(status=Invitation.Status.REVOKED, responded_at=now)
    with_account = [i.user for i in invitations if i.user_id and i.user.is_active]
    notify(
        recipients=with_account,
        kind=NotificationKind.INVITATION_WITHDRAWN,
        community=community,
        actor=by,
        url=community.get_absolute_url(),
        email_template="community/invitation_withdrawn",
    )
    addresses = [i.email for i in invitations if not i.user_id]
    if addresses:
        email_send(recipients=addresses, template="community/invitation_withdrawn", context={"community": community})
    waiting = community.memberships.filter(
        status__in=[Membership.Status.REQUESTED, Membership.Status.WAITLISTED]
    ).select_related("user", "community")
    for membership in waiting:
        old = membership.status
        membership.status = Membership.Status.DECLINED
        membership.decided_by, membership.decided_at = by, now
        membership.decision_message = ""
        membership.save()
        _record(membership, by, note="community closed", status=(old, membership.status))
        _tell_decision(membership, by)


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
    """Fill the free places from the waiting list, in its order, telling each person."""
    if community.is_closed:
        return
    waiting = community.memberships.waiting_list().select_related("user")
    if community.capacity is not None:
        waiting = waiting[: max(community.capacity - community.memberships.active().count(), 0)]
    for membership in waiting:
        _activate_or_waitlist(membership, community, by, note="promoted from the waiting list")
        _tell_decision(membership, by)


def membership_admit_from_waiting_list(*, membership, by):
    """A facilitator admits someone from the waiting list out of turn. When the community
    is full, its capacity goes up by one for them: nobody else moves, nobody is pushed out."""
    with transaction.atomic():
        community = _lock(membership.community)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != Membership.Status.WAITLISTED:
            raise ValidationError(_("This person is no longer on the waiting list."))
        if community.is_closed:
            raise ValidationError(_("This community is closed and no longer takes new members."))
        note = "admitted out of turn from the waiting list"
        if not _has_room(community):
            old_capacity = community.capacity
            community.capacity = community.memberships.active().count() + 1
            community.save(update_fields=["capacity", "updated_at"])
            note = f"{note}; capacity raised from {old_capacity} to {community.capacity}"
        membership.community = community
        membership.decided_by, membership.decided_at = by, timezone.now()
        _activate_or_waitlist(membership, community, by, note=note)
        _tell_decision(membership, by)
    return membership


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


@dataclass
class InvitationPlan:
    """What sending a list would do, worked out before anything is sent."""

    report: list  # an InvitationLine per row
    to_invite: list  # the InvitationRows to invite, addresses in lower case
    places_left: int | None  # for new members, open invitations counted; None: no capacity

    @property
    def fills_community(self):
        """Some of those invited would go on the waiting list if they all accepted."""
        return self.places_left is not None and len(self.to_invite) > self.places_left


def invitations_plan(*, community, rows):
    """Check each row of a list against the community, without sending anything."""
    report, seen, to_invite = [], set(), []
    candidates = {row.address.lower() for row in rows}
    members = set(
        community.memberships.active()
        .annotate(address=Lower("user__email"))
        .filter(address__in=candidates)
        .values_list("address", flat=True)
    )
    open_invitations = community.invitations.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
    pending = set(
        open_invitations.annotate(address=Lower("email")).filter(address__in=candidates).values_list("address", flat=True)
    )
    for row in rows:
        address, key = row.address, row.address.lower()
        try:
            validate_email(address)
        except ValidationError:
            report.append(InvitationLine(row.line, address, "malformed", _("Not a valid email address.")))
            continue
        if key in seen:
            report.append(InvitationLine(row.line, address, "duplicate", _("Already in this list.")))
        elif key in members:
            report.append(InvitationLine(row.line, address, "member", _("Already a member.")))
        elif key in pending:
            report.append(InvitationLine(row.line, address, "pending", _("Already invited; the invitation is still open.")))
        else:
            to_invite.append(replace(row, address=key))
            report.append(InvitationLine(row.line, address, "invited", _("Invited.")))
        seen.add(key)
    places_left = None
    if community.capacity is not None and to_invite:
        taken = community.memberships.active().count() + open_invitations.count()
        places_left = max(community.capacity - taken, 0)
    return InvitationPlan(report, to_invite, places_left)


def invitations_send(*, community, by, text=None, rows=None):
    """Invite every good address of a list (``rows`` from ``invitation_lists``, or
    ``text`` to read); report on every line, good or bad. A list that is too long
    invites nobody."""
    if rows is None:
        rows = invitation_lists.read_text(text or "")
    if len(rows) > MAX_INVITATIONS_AT_ONCE:
        raise ValidationError(invitation_lists.too_many_message(len(rows)), code="too_many")
    plan = invitations_plan(community=community, rows=rows)
    if plan.to_invite:
        _create_invitations(community, by, plan.to_invite)
    return plan.report


def _create_invitations(community, by, rows):
    now = timezone.now()
    addresses = [row.address for row in rows]
    users = {
        user.address: user for user in User.objects.annotate(address=Lower("email")).filter(address__in=addresses)
    }
    with transaction.atomic():
        # Expired invitations no longer block a new one for the same address.
        community.invitations.filter(status=Invitation.Status.PENDING, expires_at__lte=now).update(status=Invitation.Status.EXPIRED)
        invitations = Invitation.objects.bulk_create(
            Invitation(
                community=community, email=row.address, user=users.get(row.address), invited_by=by,
                created_at=now, expires_at=now + INVITATION_VALID_FOR,
                name=row.name, organisation=row.organisation, country=row.country,
            )
            for row in rows
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
    if not accept:
        facilitators = User.objects.filter(
            pk__in=community.memberships.facilitators().values("user_id"), is_active=True
        )
        notify(
            recipients=list(facilitators),
            kind=NotificationKind.OBJECTIVE_PROPOSED,
            community=community,
            actor=by,
            target=objective,
            url=community.get_absolute_url() + "#objectives-heading",
            data={"objective": objective.text},
            email_template="community/objective_proposed",
            email_context={"objective": objective},
        )
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
    if objective.proposed_by_id and objective.proposed_by.is_active:
        notify(
            recipients=[objective.proposed_by],
            kind=NotificationKind.OBJECTIVE_DECIDED,
            community=objective.community,
            actor=by,
            target=objective,
            url=objective.community.get_absolute_url() + "#objectives-heading",
            data={"objective": objective.text, "decision": objective.status},
            email_template="community/objective_decided",
            email_context={"objective": objective, "accepted": accept},
        )
    return objective


# --- "Keep me posted": following a public community by e-mail ------------------------------------


def interest_register(*, community, email, language):
    """Follow a public community by e-mail. Nothing is sent but a confirmation e-mail until
    the address is confirmed (double opt-in); asking again resends it."""
    validate_email(email)
    if not community.is_public or community.is_closed:
        raise ValidationError(_("This community does not send news by e-mail."))
    try:
        with transaction.atomic():
            interest, created = Interest.objects.get_or_create(
                community=community, email__iexact=email, defaults={"email": email, "language": language}
            )
    except IntegrityError:
        interest, created = Interest.objects.get(community=community, email__iexact=email), False
    if not created:
        Interest.objects.filter(pk=interest.pk).update(unsubscribed_at=None, language=language)
        interest.unsubscribed_at, interest.language = None, language
    if interest.confirmed_at is None:
        confirm = reverse("communities:interest-confirm", args=[interest_confirm_token(interest)])
        with translation.override(interest.language):
            email_send(
                recipients=[interest.email],
                template="community/interest_confirm",
                context={"community": community, "confirm_link": confirm},
            )
    return interest


def interest_confirm_token(interest):
    return signing.dumps(interest.pk, salt=INTEREST_CONFIRM_SALT)


def interest_confirm(*, token):
    """Confirm an address from the link in the confirmation e-mail; None for a forged or stale link."""
    try:
        pk = signing.loads(token, salt=INTEREST_CONFIRM_SALT, max_age=INTEREST_CONFIRM_VALID_FOR)
    except signing.BadSignature:
        return None
    interest = Interest.objects.select_related("community").filter(pk=pk).first()
    if interest and interest.confirmed_at is None:
        interest.confirmed_at = timezone.now()
        Interest.objects.filter(pk=pk).update(confirmed_at=interest.confirmed_at, unsubscribed_at=None)
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


def _followers(community):
    return community.interests.filter(unsubscribed_at__isnull=True, confirmed_at__isnull=False)


def _tell_followers(community, interests, template, context=None):
    for interest in interests:
        unsubscribe = reverse("communities:interest-unsubscribe", args=[interest_token(interest)])
        with translation.override(interest.language):
            email_send(
                recipients=[interest.email],
                template=template,
                context={"community": community, "unsubscribe_link": unsubscribe, **(context or {})},
                headers={
                    "List-Unsubscribe": f"<{settings.SITE_URL}{unsubscribe}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
    return len(interests)


def interest_announce(*, community, template, context=None):
    """Send news of a public community (``template``) to everyone who confirmed they follow it,
    each in their language with a one-click unsubscribe. Upper floors call this for their
    public news (a product published for everyone). Returns how many were told."""
    if not community.is_public:
        return 0
    return _tell_followers(community, list(_followers(community)), template, context)


def interest_notify_opened(*, community):
    """Tell everyone who confirmed they follow a forming community that it is open, once each."""
    interests = list(_followers(community).filter(notified_at__isnull=True))
    _tell_followers(community, interests, "community/opened")
    Interest.objects.filter(pk__in=[i.pk for i in interests]).update(notified_at=timezone.now())
    return len(interests)


# --- Requests to run a community ----------------------------------------------------------------


def facilitators_group():
    """The group that may start communities (made by a migration; made again if a database
    was emptied since, as a test that flushes it does)."""
    group, created = Group.objects.get_or_create(name=permissions.FACILITATORS_GROUP)
    if created or not group.permissions.filter(codename="create_community").exists():
        group.permissions.add(Permission.objects.get(content_type__app_label="communities", codename="create_community"))
    return group


def start_request_send(*, by, community_name, message):
    """"I would like to run a community": one open request per person; platform admins are told."""
    if permissions.can_create_community(by):
        raise ValidationError(_("You can already start communities."))
    start_request = CommunityStartRequest(requester=by, community_name=" ".join(community_name.split()), message=message.strip())
    start_request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            start_request.save()
    except IntegrityError:
        raise ValidationError(_("You have already asked; the platform admins will answer your request.")) from None
    notify(
        recipients=list(User.objects.platform_admins()),
        kind=NotificationKind.START_REQUESTED,
        actor=by,
        target=start_request,
        url=start_request.get_absolute_url(),
        data={"name": start_request.community_name},
        email_template="community/start_requested",
        email_context={"start_request": start_request},
    )
    return start_request


def start_request_decide(*, start_request, by, grant, reason=""):
    """Grant (the requester joins the Facilitators group) or decline with a reason; they are told."""
    reason = (reason or "").strip()
    if not grant and not reason:
        raise ValidationError({"reason": _("Say why the request is declined: the person will read it.")})
    status = CommunityStartRequest.Status.GRANTED if grant else CommunityStartRequest.Status.DECLINED
    with transaction.atomic():
        updated = CommunityStartRequest.objects.filter(
            pk=start_request.pk, status=CommunityStartRequest.Status.PENDING
        ).update(status=status, decided_by=by, decided_at=timezone.now(), reason=reason)
        if not updated:
            raise ValidationError(_("This request has already been answered."))
        start_request.refresh_from_db()
        requester = start_request.requester
        if grant:
            requester.groups.add(facilitators_group())
        notify(
            recipients=[requester],
            kind=NotificationKind.START_REQUEST_GRANTED if grant else NotificationKind.START_REQUEST_DECLINED,
            actor=by,
            target=start_request,
            url=reverse("communities:create") if grant else start_request.get_absolute_url(),
            data={"name": start_request.community_name, "reason": reason},
            email_template="community/start_request_decided",
            email_context={"start_request": start_request, "granted": grant, "reason": reason},
        )
    return start_request


# --- Requests for a learning experience -----------------------------------------------------------


def learning_experience_request_receive(*, form):
    """Keep the request, tell the platform admins, and acknowledge it to the person who sent it."""
    experience = form.save(commit=False)
    experience.language = translation.get_language() or settings.LANGUAGE_CODE
    experience.save()
    notify(
        recipients=list(User.objects.platform_admins()),
        kind=NotificationKind.EXPERIENCE_REQUESTED,
        target=experience,
        url=reverse("admin:communities_learningexperiencerequest_change", args=[experience.pk]),
        data={"organisation": experience.organisation, "name": experience.experience_name},
        email_template="community/experience_requested",
        email_context={"experience": experience},
    )
    email_send(recipients=[experience.email], template="community/experience_received", context={"experience": experience})
    return experience
