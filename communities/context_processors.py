"""Template context for every page: the unread notification count in the navigation."""

import functools

from .models import Notification


def notifications(request):
    """``unread_notification_count`` for signed-in people, counted only if a template uses it.

    A callable rather than a lazy object: templates call it and get a real ``int``,
    which ``{% blocktranslate count %}`` needs for plural rules; the cache keeps it
    to one COUNT query however often the page reads it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def unread_notification_count():
        return Notification.objects.filter(recipient=user).unread().count()

    return {"unread_notification_count": unread_notification_count}
