"""The notifications page (what happened, newest first, marking it read) and email choices."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .models import Notification, NotificationKind
from .notifications import mark_read, preferences_of, preferences_set, render_message

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
    notifications = (
        Notification.objects.filter(recipient=request.user)
        .select_related("actor", "community")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {"notification": n, "message": _message(n), "has_link": is_local_url(n.url)}
        for n in page.object_list
    ]
    return render(
        request,
        "communities/notification_list.html",
        {"page": page, "items": items, "has_unread": notifications.unread().exists()},
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


class PreferencesForm(forms.Form):
    """One checkbox per kind of notification: also send it by email?"""

    def __init__(self, *args, initial_choices, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.BooleanField(label=label, required=False, initial=initial_choices[kind])


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    form = PreferencesForm(request.POST or None, initial_choices=preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("notifications:settings")
    return render(request, "communities/notification_settings.html", {"form": form})
