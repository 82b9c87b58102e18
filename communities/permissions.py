"""Who may do what. Every view, template and task asks here; nobody re-derives a rule.

Functions take the person (possibly anonymous) first and answer True or False. Views
fetch-or-refuse in one line (``community = community_or_refuse(request, slug,
can_view_sessions)``, ``require(can_edit_post(user, post))``): a refusal raises
``PermissionDenied`` (or ``Http404``), and one rule, the 403 handler
(``communities.views.pages.permission_denied``), sends anonymous visitors to sign in instead.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Community, Membership, PlatformSettings

PLATFORM_ADMIN_PERMISSION = "communities.act_as_platform_admin"
PLATFORM_ADMINS_GROUP = "Platform admins"
# Holds "Can create communities" (a data migration); a granted request to run a community adds to it.
FACILITATORS_GROUP = "Facilitators"


def is_platform_admin(user):
    """Acts site-wide in the site's pages: holders of the platform-admin permission (the
    "Platform admins" group, or superusers). ``is_staff`` alone only opens Django admin,
    where model permissions decide the rest. Only staff accounts are asked for the
    permission, so other people's pages pay no query for it."""
    return user.is_authenticated and user.is_staff and user.has_perm(PLATFORM_ADMIN_PERMISSION)


def membership_of(user, community):
    """The person's membership row in this community, or None. Cached per request object."""
    if not user.is_authenticated:
        return None
    cache = community.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(user=user, community=community).first()
    return cache[user.pk]


def is_active_member(user, community):
    membership = membership_of(user, community)
    return membership is not None and membership.is_active


def is_facilitator(user, community):
    membership = membership_of(user, community)
    return membership is not None and membership.is_facilitator


def facilitates_a_community(user):
    """Facilitator of at least one community: offered the facilitators' email choices."""
    return user.is_authenticated and Membership.objects.facilitators().filter(user=user).exists()


# --- Communities -------------------------------------------------------------------------


def can_create_community(user):
    if not user.is_authenticated:
        return False
    if is_platform_admin(user) or user.has_perm("communities.create_community"):
        return True
    return PlatformSettings.load().anyone_can_create_communities


def can_ask_to_run_a_community(user):
    """Signed in, not yet allowed to start communities: offered the "I would like to run a
    community" request on the refusal page."""
    return user.is_authenticated and not can_create_community(user)


def can_decide_start_requests(user):
    return is_platform_admin(user)


def can_view_start_request(user, start_request):
    return user.is_authenticated and (user.pk == start_request.requester_id or can_decide_start_requests(user))


def can_view_community_content(user, community):
    """Charter, objectives, members, sessions, knowledge: public, or members and staff."""
    if community.is_public:
        return True
    return user.is_authenticated and (is_platform_admin(user) or is_active_member(user, community))


def can_manage_community(user, community):
    """Settings, requests, invitations, roles: the community's facilitators and staff."""
    return user.is_authenticated and (is_platform_admin(user) or is_facilitator(user, community))


def can_change_community(user, community):
    """Writes other than management are closed once a community is closed."""
    return not community.is_closed and can_manage_community(user, community)


def can_join(user, community):
    """Join directly (open policy)."""
    return (
        user.is_authenticated
        and not community.is_closed
        and community.join_policy == Community.JoinPolicy.OPEN
        and _may_ask(user, community)
    )


def can_request_to_join(user, community):
    return (
        user.is_authenticated
        and not community.is_closed
        and community.join_policy == Community.JoinPolicy.REQUEST
        and _may_ask(user, community)
    )


def _may_ask(user, community):
    membership = membership_of(user, community)
    # Removed people don't come back by themselves; declined ones may ask again.
    return membership is None or membership.status in (Membership.Status.LEFT, Membership.Status.DECLINED)


def can_leave(user, community):
    """A closed community is an archive: its members stay on its record."""
    if community.is_closed:
        return False
    membership = membership_of(user, community)
    return membership is not None and membership.status in (
        Membership.Status.ACTIVE,
        Membership.Status.REQUESTED,
        Membership.Status.WAITLISTED,
    )


def can_propose_objective(user, community):
    return not community.is_closed and is_active_member(user, community)


# --- Sessions (the objects come from the sessions app; only their attributes are used) ------


def can_view_sessions(user, community):
    return can_view_community_content(user, community)


def can_manage_sessions(user, community):
    """Schedule, edit and cancel sessions: facilitators and staff, while the community is open."""
    return can_change_community(user, community)


def can_see_session_details(user, session):
    """The video-call link and the attendee list: members and staff."""
    return user.is_authenticated and (is_platform_admin(user) or is_active_member(user, session.community))


def can_rsvp(user, session):
    return (
        not session.community.is_closed
        and session.status == "scheduled"
        and not session.has_started
        and is_active_member(user, session.community)
    )


# --- Knowledge (posts and replies come from the knowledge app; only attributes are used) ---


def can_view_knowledge(user, community):
    return can_view_community_content(user, community)


def can_post(user, community):
    """Write posts and replies, mark helpful, follow, report: active members of an open community."""
    return not community.is_closed and is_active_member(user, community)


def can_moderate(user, community):
    """See reports, hide and edit content: the community's facilitators and staff."""
    return can_manage_community(user, community)


def can_view_post(user, post):
    if not can_view_knowledge(user, post.community):
        return False
    return not post.is_hidden or can_see_hidden(user, post, post.community)


def can_edit_post(user, post):
    if post.community.is_closed:
        return False
    return (post.author_id == user.pk and is_active_member(user, post.community)) or can_moderate(user, post.community)


def can_delete_post(user, post):
    return not post.community.is_closed and post.author_id == user.pk and is_active_member(user, post.community)


def can_reply(user, post):
    return not post.is_hidden and can_post(user, post.community)


def can_see_hidden(user, content, community):
    """Hidden posts and replies: their author, the community's moderators."""
    return user.is_authenticated and (content.author_id == user.pk or can_moderate(user, community))


def can_mark_helpful(user, reply):
    """Mark someone else's visible reply helpful: active members of an open community."""
    return not reply.is_hidden and reply.author_id != user.pk and can_post(user, reply.post.community)


def can_accept_answer(user, post):
    return post.is_question and not post.community.is_closed and (
        (post.author_id == user.pk and is_active_member(user, post.community)) or can_moderate(user, post.community)
    )


def can_edit_reply(user, reply):
    community = reply.post.community
    if community.is_closed:
        return False
    return (reply.author_id == user.pk and is_active_member(user, community)) or can_moderate(user, community)


# --- Capitalization products (from the knowledge app; only attributes are used) ---------------


def can_view_product(user, product):
    """Public published products: anyone. Otherwise the community's members and staff."""
    if product.status == "published" and product.visibility == "public":
        return True
    return user.is_authenticated and (is_platform_admin(user) or is_active_member(user, product.community))


def can_create_product(user, community):
    return can_post(user, community)


def is_co_author(user, product):
    return user.is_authenticated and any(person.pk == user.pk for person in product.co_authors.all())


def can_edit_product(user, product):
    """Drafts and products in review: co-authors (still members) and facilitators."""
    if product.status == "published" or product.community.is_closed:
        return False
    return (is_co_author(user, product) and is_active_member(user, product.community)) or can_moderate(user, product.community)


def can_submit_product(user, product):
    """Sending for review is the co-authors' decision (facilitators review, they don't submit)."""
    return is_co_author(user, product) and can_edit_product(user, product)


def can_review_product(user, product):
    return not product.community.is_closed and can_moderate(user, product.community)


def can_comment_product(user, product):
    return can_edit_product(user, product) or can_review_product(user, product)


# --- Value-creation stories (from the knowledge app; only attributes are used) -------------------
# Community content read and moderated as posts are; only their author edits them (a testimony
# is theirs), and the facilitators choose which ones the community's home features.


def can_view_story(user, story):
    return can_view_post(user, story)


def can_write_story(user, community):
    return can_post(user, community)


def can_edit_story(user, story):
    return not story.community.is_closed and story.author_id == user.pk and is_active_member(user, story.community)


def can_delete_story(user, story):
    return can_delete_post(user, story)


def can_report_story(user, story):
    return not story.is_hidden and story.author_id != user.pk and can_post(user, story.community)


def can_feature_story(user, story):
    """Put a story on the community's home, or take it off: moderators, for stories not hidden."""
    return not story.is_hidden and can_moderate(user, story.community)


# --- People -------------------------------------------------------------------------------


def can_view_profile(viewer, person):
    """A person's page: themselves, platform admins, people who share an active community
    with them, and facilitators of a community they asked to join or belonged to.
    Everyone else is answered 404, so names can't be read by walking the ids."""
    if not viewer.is_authenticated:
        return False
    if viewer.pk == person.pk or is_platform_admin(viewer):
        return True
    # One query: a community where the viewer is active and the person is either active too,
    # or in any state while the viewer facilitates (one filter() call, so one join).
    return Membership.objects.filter(
        Q(status=Membership.Status.ACTIVE) | Q(community__memberships__role=Membership.Role.FACILITATOR),
        user=person,
        community__memberships__user=viewer,
        community__memberships__status=Membership.Status.ACTIVE,
    ).exists()


def co_member_ids(viewer):
    """Ids of everyone who shares an active community with the viewer (for lists)."""
    return Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        community__memberships__user=viewer,
        community__memberships__status=Membership.Status.ACTIVE,
    ).values("user_id")


# --- Attachments ------------------------------------------------------------------------------


def can_view_attachment(user, attachment):
    """Whoever may read what the file is attached to (a hidden post hides its files too)."""
    target = attachment.target
    if target is not None and hasattr(target, "is_hidden") and hasattr(target, "community"):
        return can_view_post(user, target)
    return can_view_community_content(user, attachment.community)


# --- Invitations ------------------------------------------------------------------------------


def is_invitee(user, invitation):
    """An invitation belongs to the account it was sent to or, sent to an address with no
    account yet, to whoever holds that address verified: never to whoever holds the link."""
    if not user.is_authenticated:
        return False
    if invitation.user_id is not None:
        return invitation.user_id == user.pk
    address = invitation.email.lower()
    return user.email.lower() == address or user.emailaddress_set.filter(email__iexact=address, verified=True).exists()


# --- Notifications ----------------------------------------------------------------------------


def can_choose_community_emails(user, community):
    """Digest and email choices for one community: its active members (a choice needs a membership)."""
    return is_active_member(user, community)


# --- Fetch or refuse --------------------------------------------------------------------------


class SignInFirst(PermissionDenied):
    """A refusal that names where to come back after signing in: a POST-only address is no
    place to come back to, so its page is given instead."""

    def __init__(self, next_url):
        super().__init__(next_url)
        self.next_url = next_url


def require(allowed, next_url=None):
    """Refuse unless ``allowed``. Anonymous visitors are then sent to sign in (to ``next_url``,
    or back to this address) by the 403 handler; signed-in people get the 403 page."""
    if not allowed:
        raise SignInFirst(next_url) if next_url else PermissionDenied


def require_sign_in(request, next_url=None):
    """For pages and actions that only signed-in people can use, whatever the community."""
    require(request.user.is_authenticated, next_url)


def community_or_refuse(request, slug, question=None, next_url=None):
    """The community at ``slug`` (404 if none), if ``question(user, community)`` allows it."""
    community = get_object_or_404(Community, slug=slug)
    if question is not None:
        require(question(request.user, community), next_url)
    return community


# --- Closing sessions (attendance, report, messages to attendees) ----------------------------


def can_close_session(user, session):
    """Record who attended and write the report: session managers, once the session has started."""
    return can_manage_sessions(user, session.community) and session.has_started and session.status != "cancelled"


def can_message_attendees(user, session):
    """Write to the people who answered, and download the attendee list: session managers."""
    return can_manage_sessions(user, session.community)


# --- Session feedback (the answers come from the sessions app; only attributes are used) -----


def is_attendee(user, session):
    """Recorded as present when the session was closed. Cached on the session object."""
    if not user.is_authenticated:
        return False
    cache = session.__dict__.setdefault("_attendee_cache", {})
    if user.pk not in cache:
        cache[user.pk] = session.attendances.filter(user=user).exists()
    return cache[user.pk]


def can_give_feedback(user, session):
    """Answer the feedback on a session: the people recorded as present, once it is closed,
    while they are active members of the (still open) community."""
    return (
        session.status == "done"
        and not session.community.is_closed
        and is_active_member(user, session.community)
        and is_attendee(user, session)
    )


def can_edit_feedback(user, feedback):
    """Change one's own answer: for the days it stays editable after it was given."""
    return feedback.user_id == user.pk and feedback.is_editable and can_give_feedback(user, feedback.session)


def can_view_feedback(user, community):
    """The answers of a community's sessions, per session and over time: its facilitators and
    platform admins (never the authors of anonymous answers). Members see only their own."""
    return can_manage_community(user, community)


# --- Removing text from the history of posts and replies --------------------------------------


def can_redact_revision(user, community):
    """Remove the text of an earlier version of a post or reply from its history: the
    community's facilitators and platform admins (a phone number, a name said without consent)."""
    return can_moderate(user, community)


def can_see_redacted_text(user):
    """Still read the text removed from a history: platform admins only, for complaints and audits."""
    return is_platform_admin(user)
