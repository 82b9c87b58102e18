"""Forms for people: sign-up and the profile."""

import zoneinfo
from functools import cache

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User

LEGACY_ZONE_PREFIXES = ("Etc/", "SystemV/", "US/", "posix/", "right/", "Canada/", "Brazil/", "Mexico/", "Chile/")


@cache
def time_zone_choices():
    """Region/City zones people recognise (plus UTC), without legacy aliases."""
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(LEGACY_ZONE_PREFIXES)
    )
    return [("UTC", "UTC")] + [(zone, zone.replace("_", " ")) for zone in zones]


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("help_text", _("Times on the site and in emails are shown in this zone."))
        super().__init__(choices=time_zone_choices, **kwargs)
        # static/js/timezone.js preselects the browser's zone where JavaScript runs.
        self.widget.attrs["data-guess-timezone"] = "true"


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_("How other members will see you, e.g. Aminata Diallo."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    timezone = TimeZoneField(initial=settings.TIME_ZONE)

    field_order = ["display_name", "email", "password1", "password2", "timezone"]


class ProfileForm(forms.ModelForm):
    timezone = TimeZoneField()

    class Meta:
        model = User
        fields = ["display_name", "organisation", "country", "timezone", "language", "bio", "expertise"]
        # dir="auto": a name typed in Latin script reads right on an Arabic page, and back.
        widgets = {
            "display_name": forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"dir": "auto", "autocomplete": "organization"}),
            "bio": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        }
