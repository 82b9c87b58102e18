"""Who may do what with programmes: the sessions floor's questions, built on the ground
floor's (``communities.permissions``), which knows nothing of programmes.

Functions take the person (possibly anonymous) first and answer True or False; views
refuse with ``communities.permissions.require``. The list form of ``can_view_programme``
is ``Programme.objects.visible_to(user)``.
"""

from communities.models import Community, Membership
from communities.permissions import can_create_community, can_manage_community, is_platform_admin


def can_create_programme(user):
    """Start a programme, and so manage it: whoever may start communities."""
    return can_create_community(user)


def is_programme_manager(user, programme):
    """One of the programme's managers. Cached on the programme object, as memberships are."""
    if not user.is_authenticated:
        return False
    cache = programme.__dict__.setdefault("_manager_cache", {})
    if user.pk not in cache:
        cache[user.pk] = programme.managers.filter(pk=user.pk).exists()
    return cache[user.pk]


def can_manage_programme(user, programme):
    """Edit it, its managers and phases, add and take out communities: its managers and platform admins."""
    return user.is_authenticated and (is_platform_admin(user) or is_programme_manager(user, programme))


def can_view_programme(user, programme):
    """Its page: whoever may read one of its communities, its managers, platform admins.

    The page then shows only the name of a private community the reader is not in, and
    only the sessions of communities they may read.
    """
    return can_manage_programme(user, programme) or programme.communities.visible_to(user).exists()


def can_attach_community(user, programme, community):
    """Add a community straight away: a manager who facilitates it (or a platform admin).
    Other communities are invited: one of their facilitators accepts."""
    return can_manage_programme(user, programme) and can_manage_community(user, community)


def attachable_communities(user):
    """The communities a manager adds straight away (the list form of ``can_attach_community``
    for a programme they manage): those they may manage."""
    if is_platform_admin(user):
        return Community.objects.all()
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(pk__in=Membership.objects.facilitators().filter(user=user).values("community_id"))


def can_invite_community(user, programme):
    return can_manage_programme(user, programme)


def can_detach_community(user, programme, community):
    """Take a community out of a programme: the programme's managers, or its own facilitators."""
    return can_manage_programme(user, programme) or can_manage_community(user, community)


def detachable_community_ids(user, programme):
    """The list form of ``can_detach_community`` for the programme's communities, in one query."""
    communities = programme.communities.all()
    if not can_manage_programme(user, programme):
        communities = communities.filter(pk__in=attachable_communities(user).values("pk"))
    return set(communities.values_list("pk", flat=True))


def can_answer_programme_invitation(user, invitation):
    """Accept or decline an invitation into a programme: the invited community's facilitators."""
    return invitation.is_pending and can_manage_community(user, invitation.community)


def can_view_programme_invitation(user, invitation):
    return can_manage_community(user, invitation.community) or can_manage_programme(user, invitation.programme)
