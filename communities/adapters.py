"""allauth hooks: its mail goes through the platform's mail service."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .emails import email_send
from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        # "account/email/email_confirmation" → templates/emails/account/email_confirmation_*
        template = "account/" + template_prefix.rsplit("/", 1)[-1]
        user = User.objects.filter(email__iexact=email).first()
        context = {key: value for key, value in context.items() if key != "request"}
        email_send(recipients=[user or email], template=template, context=context)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data["display_name"]
        user.timezone = form.cleaned_data["timezone"]
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
        return user
