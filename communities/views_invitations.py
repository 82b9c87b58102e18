"""Answering an invitation, with or without an account yet."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services

SESSION_KEY = "invitation_token"


@require_http_methods(["GET", "POST"])
def respond(request, token):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return render(request, "communities/invitation_respond.html", {"invalid": True}, status=404)
    community = invitation.community
    if not request.user.is_authenticated:
        # The link itself proves the address: signing up with it needs no confirmation,
        # and the new account lands in the community (see signals.accept_invitation_on_signup).
        get_adapter(request).stash_verified_email(request, invitation.email)
        request.session[SESSION_KEY] = token
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
