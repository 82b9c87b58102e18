"""allauth hooks: its mail goes through the platform's mail service."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import ngettext

from .emails import email_send
from .models import User
from .services import invitation_in_session


class AccountAdapter(DefaultAccountAdapter):
    def validation_error(self, code, *args):
        if code == "too_many_login_attempts":
            # Say for how long: failures are counted over ACCOUNT_LOGIN_ATTEMPTS_TIMEOUT.
            minutes = max(1, round(getattr(settings, "ACCOUNT_LOGIN_ATTEMPTS_TIMEOUT", 300) / 60))
            message = ngettext(
                "Too many failed attempts to sign in with this address. Try again in %(minutes)d minute, "
                "or reset your password.",
                "Too many failed attempts to sign in with this address. Try again in %(minutes)d minutes, "
                "or reset your password.",
                minutes,
            ) % {"minutes": minutes}
            return ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def send_mail(self, template_prefix, email, context):
        # "account/email/email_confirmation" → templates/emails/account/email_confirmation_*
        template = "account/" + template_prefix.rsplit("/", 1)[-1]
        user = User.objects.filter(email__iexact=email).first()
        context = {key: value for key, value in context.items() if key != "request"}
        email_send(recipients=[user or email], template=template, context=context)

    def is_email_verified(self, request, email):
        """At sign-up, an address counts as verified only when its owner comes through an
        invitation to that very address that is still pending. Opening a link verifies
        nothing by itself, and a used, revoked or expired one never does."""
        invitation = invitation_in_session(request)
        return invitation is not None and invitation.email.lower() == email.lower()

    def unstash_verified_email(self, request):
        # The invitation page stashes the invited address only to prefill the sign-up form
        # (allauth reads it there); it is never added to an account by itself, whatever
        # address the person signs up with.
        super().unstash_verified_email(request)
        return None

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        user.organisation = form.cleaned_data.get("organisation", "")
        user.country = form.cleaned_data.get("country", "")
        user.timezone = form.cleaned_data["timezone"]
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
        return user
