"""The notifications pages: what happened (filtered, marked read), email choices, one-click unsubscribe."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import permissions
from ..forms import CommunityEmailSettingsForm, EmailSettingsForm, NotificationFilterForm
from ..models import Community, Membership, Notification
from ..notifications import (
    digest_set,
    email_choices,
    email_choices_by_key,
    email_choices_of,
    email_choices_set,
    mark_read,
    render_message,
    topic_label,
    unsubscribe,
    unsubscribe_read,
)

logger = logging.getLogger(__name__)

PER_PAGE = 30


def is_local_url(url):
    """Only paths on this site: never another host, nor a scheme-relative ``//host``."""
    return bool(url) and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())


def _message(notification):
    try:
        return render_message(notification)
    except (KeyError, TypeError, ValueError):
        # A kind without a message, or data that no longer fits it: show the kind rather than fail the page.
        logger.exception("Cannot render notification %s", notification.pk)
        return notification.get_kind_display()


@require_safe
@login_required
def notification_list(request):
    form = NotificationFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    mine = Notification.objects.filter(recipient=request.user)
    notifications = mine.select_related("actor", "community").order_by("-created_at", "-pk")
    if filters.get("unread"):
        notifications = notifications.unread()
    if "topic" in filters:
        notifications = notifications.filter(kind__in=email_choices_by_key()[filters["topic"]].kinds)
    if "community" in filters:
        notifications = notifications.filter(community=filters["community"])
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {"notification": n, "message": _message(n), "has_link": is_local_url(n.url)}
        for n in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/notification_list.html",
        {
            "form": form,
            "is_filtered": bool(filters),
            "page": page,
            "items": items,
            "query": query.urlencode(),
            # "Mark all as read" marks everything, whatever the filters show.
            "has_unread": mine.unread().exists(),
        },
    )


@require_POST
@login_required
def mark_all_read(request):
    if mark_read(user=request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@require_POST
@login_required
def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(user=request.user, notification_ids=[notification.pk])
    if is_local_url(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


def _offered_choices(*, facilitates, platform_admin=False):
    return [
        choice for choice in email_choices()
        if (facilitates or not choice.for_facilitators) and (platform_admin or not choice.for_platform_admins)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    user = request.user
    choices = _offered_choices(
        facilitates=permissions.facilitates_a_community(user), platform_admin=permissions.is_platform_admin(user)
    )
    form = EmailSettingsForm(
        request.POST or None,
        choices=choices,
        initial={"digest_frequency": user.digest_frequency, **email_choices_of(user)},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            digest_set(user=user, frequency=form.cleaned_data["digest_frequency"])
            email_choices_set(user=user, choices=form.email_choices())
        messages.success(request, _("Your email choices are saved."))
        return redirect("notifications:settings")
    memberships = (
        Membership.objects.active().filter(user=user).select_related("community").order_by("community__name")
    )
    return render(
        request,
        "communities/notification_settings.html",
        {"form": form, "memberships": memberships, "time_zone": user.timezone},
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_settings(request, slug):
    user = request.user
    community = get_object_or_404(Community, slug=slug)
    # Not found rather than refused: the page does not exist for someone who is not a member.
    if not permissions.can_choose_community_emails(user, community):
        raise Http404
    membership = permissions.membership_of(user, community)
    choices = _offered_choices(facilitates=permissions.is_facilitator(user, community))
    form = CommunityEmailSettingsForm(
        request.POST or None,
        choices=choices,
        default_frequency=user.digest_frequency,
        default_choices=email_choices_of(user),
        initial=CommunityEmailSettingsForm.initial_of(
            frequency=membership.digest_frequency, choices=email_choices_of(user, community)
        ),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            digest_set(user=user, frequency=form.cleaned_data["digest_frequency"], community=community)
            email_choices_set(user=user, choices=form.email_choices(), community=community)
        messages.success(request, _("Your email choices for %(community)s are saved.") % {"community": community.name})
        return redirect("notifications:community-settings", slug=community.slug)
    return render(
        request, "communities/notification_community_settings.html", {"form": form, "community": community}
    )


# The signed token is the authority, not a session: RFC 8058 mail clients POST
# "List-Unsubscribe=One-Click" with no cookie and no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """GET asks (a link preview must change nothing); POST stops that kind of email."""
    found = unsubscribe_read(token)
    if found is None:
        return render(request, "communities/notification_unsubscribe.html", {"invalid": True}, status=400)
    user, topic = found
    context = {"topic": topic_label(topic)}
    # The page speaks the recipient's language, whoever's browser opens it.
    with translation.override(user.language):
        request.LANGUAGE_CODE = user.language
        if request.method == "POST":
            unsubscribe(user=user, topic=topic)
            return render(request, "communities/notification_unsubscribe.html", {**context, "done": True})
        return render(request, "communities/notification_unsubscribe.html", context)
