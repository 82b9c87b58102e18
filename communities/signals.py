"""Signal receivers of the ground floor."""

from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils import timezone, translation

from . import services
from .models import User


@receiver(user_signed_up)
def accept_invitation_on_signup(request, user, **kwargs):
    """Someone who signed up from an invitation link lands in the community."""
    invitation = services.invitation_in_session(request)
    if request is not None:
        request.session.pop(services.INVITATION_SESSION_KEY, None)
    if invitation is None or invitation.email.lower() != user.email.lower():
        return
    try:
        services.invitation_accept(invitation=invitation, user=user)
    except ValidationError:
        pass  # expired or revoked meanwhile: the person simply has an account


@receiver(email_confirmed)
def resume_mail_on_confirmation(request, email_address, **kwargs):
    """A bounced address confirmed again receives mail again."""
    User.objects.filter(pk=email_address.user_id, email__iexact=email_address.email).update(email_bounced_at=None)


@receiver(user_logged_in)
def note_visit_on_login(sender, request, user, **kwargs):
    user.last_seen_at = timezone.now()
    User.objects.filter(pk=user.pk).update(last_seen_at=user.last_seen_at)


@receiver(user_logged_in)
def speak_their_language_from_sign_in(sender, request, user, **kwargs):
    """The rest of the signing-in request (its "signed in as" message) is in the person's language."""
    if request is not None and user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
