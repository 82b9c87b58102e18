"""Answering an invitation, with or without an account yet."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import permissions, services


@require_http_methods(["GET", "POST"])
def respond(request, token):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(request, "communities/invitation_respond.html", {"invalid": True}, status=404)
    community = invitation.community
    if not request.user.is_authenticated:
        # Signing up from here with the invited address, while the invitation is pending,
        # needs no confirmation email and lands the account in the community
        # (adapters.AccountAdapter.is_email_verified, signals.accept_invitation_on_signup).
        # Opening the link verifies nothing by itself.
        request.session[services.INVITATION_SESSION_KEY] = token
        if invitation.is_usable:
            get_adapter(request).stash_verified_email(request, invitation.email)  # prefills the sign-up form
        next_url = community.get_absolute_url()
        return render(
            request,
            "communities/invitation_respond.html",
            {
                "invitation": invitation,
                "community": community,
                "signup_url": f"{reverse('account_signup')}?{urlencode({'next': next_url})}",
                "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
            },
        )
    if not permissions.is_invitee(request.user, invitation):
        # A forwarded or leaked link: nothing changes, and the invitee's link keeps working.
        return render(
            request, "communities/invitation_respond.html",
            {"invitation": invitation, "community": community, "not_yours": True}, status=403,
        )
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "accept":
                membership = services.invitation_accept(invitation=invitation, user=request.user)
                if membership.is_active:
                    messages.success(request, _("Welcome to %(community)s!") % {"community": community.name})
                else:
                    messages.info(request, _("The community is full: you are on the waiting list."))
                return redirect(community)
            services.invitation_decline(invitation=invitation, user=request.user)
            messages.info(request, _("You declined the invitation."))
            return redirect("home")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return render(request, "communities/invitation_respond.html", {"invitation": invitation, "community": community})
