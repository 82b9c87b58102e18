"""Signal receivers of the ground floor."""

from allauth.account.signals import user_signed_up
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from . import services
from .views_invitations import SESSION_KEY


@receiver(user_signed_up)
def accept_invitation_on_signup(request, user, **kwargs):
    """Someone who signed up from an invitation link lands in the community."""
    token = request.session.pop(SESSION_KEY, None) if request is not None else None
    invitation = services.invitation_from_token(token) if token else None
    if invitation is None or invitation.email.lower() != user.email.lower():
        return
    try:
        services.invitation_accept(invitation=invitation, user=user)
    except ValidationError:
        pass  # expired or revoked meanwhile: the person simply has an account
