"""Request middleware: the health check, and each person's language and time zone."""

import zoneinfo
from datetime import timedelta

from django.utils import timezone, translation

from .health import healthz_response
from .models import User


class HealthCheckMiddleware:
    """Answer ``/healthz`` before host validation and the HTTPS redirect.

    Load balancers probe backends by IP over plain HTTP; neither should turn the probe
    into a 400 or a redirect.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz_response()
        return self.get_response(request)


LAST_SEEN_PRECISION = timedelta(hours=1)


class PersonPreferencesMiddleware:
    """Show the site in the signed-in person's language and time zone.

    Visitors get the language LocaleMiddleware chose (cookie, then browser) and times
    in the site's zone, named on the page. It also notes, to the hour, when the person
    was last here: digests bring only what is new since.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
            moment = timezone.now()
            if user.last_seen_at is None or user.last_seen_at < moment - LAST_SEEN_PRECISION:
                User.objects.filter(pk=user.pk).update(last_seen_at=moment)
                user.last_seen_at = moment
        else:
            timezone.deactivate()
        return self.get_response(request)
