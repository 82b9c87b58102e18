"""Forms: sign-up and profile, communities, membership decisions, invitations."""

import unicodedata
import zoneinfo
from functools import cache
from importlib import resources

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.conf import settings
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from . import invitation_lists, services
from .models import (
    WORKING_LANGUAGES,
    Community,
    CommunityStartRequest,
    DigestFrequency,
    LearningExperienceRequest,
    User,
)
from .models.community import DEFAULT_REMINDER_OFFSETS, REMINDER_OFFSET_CHOICES
from .notifications import email_choices

# The tz database's regions, as people look for them in the list.
ZONE_REGIONS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


def current_zone_names():
    """The zones in use today, each country's under its current name (the tz database's
    zone.tab: Africa/Dakar, Asia/Kolkata, Europe/Kyiv), without the aliases kept for old
    software (US/Eastern, Asia/Calcutta, Etc/GMT+3) and only those this system knows."""
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    names = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return names & zoneinfo.available_timezones()


def _zone_place(zone):
    """The zone's place, as its option's label under the region's group: "Argentina – Buenos Aires"."""
    return zone.partition("/")[2].replace("_", " ").replace("/", " – ")


@cache
def time_zone_choices():
    """UTC, then the current zones grouped by region (translated labels, evaluated when rendered)."""
    places = {region: [] for region in ZONE_REGIONS}
    for zone in current_zone_names():
        region = zone.partition("/")[0]
        if region in places:
            places[region].append((zone, _zone_place(zone)))
    return [("UTC", "UTC")] + [
        (ZONE_REGIONS[region], sorted(zones, key=lambda choice: choice[1])) for region, zones in places.items() if zones
    ]


class ChosenStaysSelect(forms.Select):
    """A select that keeps showing, selected, a value its list does not offer: a zone saved
    under an older name (Asia/Calcutta), a filter's country no longer present. Without it the
    browser would show the first option instead, and a save would silently change the value."""

    def __init__(self, attrs=None, choices=(), label_for=str):
        super().__init__(attrs, choices)
        self.label_for = label_for

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        chosen = next((item for item in value if item), None)
        if chosen and not any(option["selected"] for _group, options, _index in groups for option in options):
            option = self.create_option(name, chosen, self.label_for(chosen), True, len(groups), attrs=attrs)
            groups.insert(0, (None, [option], len(groups)))
        return groups


class TimeZoneField(forms.ChoiceField):
    widget = ChosenStaysSelect(label_for=lambda zone: zone.replace("_", " "))

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Time zone"))
        kwargs.setdefault("help_text", _("Times on the site and in emails are shown in this zone."))
        super().__init__(choices=time_zone_choices, **kwargs)
        # static/js/timezone.js preselects the browser's zone where JavaScript runs, while the
        # field still shows this default (a person's own choice is never replaced).
        self.widget.attrs["data-guess-timezone"] = self.initial if isinstance(self.initial, str) else "UTC"

    def valid_value(self, value):
        # A zone saved under an older name stays valid: the model accepts every known zone.
        return super().valid_value(value) or value in zoneinfo.available_timezones()


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_("How other members will see you, e.g. Aminata Diallo."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = User._meta.get_field("organisation").formfield(
        label=_("Organisation"), widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "organization"})
    )
    country = User._meta.get_field("country").formfield(label=_("Country"))
    timezone = TimeZoneField(initial=settings.TIME_ZONE)

    field_order = ["display_name", "email", "password1", "password2", "organisation", "country", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = BLANK_CHOICE_DASH + country_choices()
        # Someone signing up from an invitation link finds what the facilitator's list
        # said about them already filled in, to keep or change.
        invitation = services.invitation_in_session(allauth_context.request)
        if invitation is not None and invitation.user_id is None:
            suggested = {
                "display_name": invitation.name, "organisation": invitation.organisation, "country": invitation.country.code,
            }
            for name, value in suggested.items():
                if value:
                    self.initial.setdefault(name, value)


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = BLANK_CHOICE_DASH + country_choices()


# --- Communities ------------------------------------------------------------------------------


class CommunityForm(forms.ModelForm):
    """Create a community or change its settings. Saving goes through the services."""

    working_languages = forms.MultipleChoiceField(
        label=_("Working languages"), choices=WORKING_LANGUAGES, widget=forms.CheckboxSelectMultiple, required=False
    )
    reminder_offsets = forms.TypedMultipleChoiceField(
        label=_("Session reminders"),
        choices=REMINDER_OFFSET_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "When members who plan to attend are reminded of each session. None ticked: a day and an hour before."
        ),
    )

    class Meta:
        model = Community
        fields = [
            "name", "tagline", "themes", "description", "public_summary", "charter", "working_languages", "countries", "region",
            "host_organisations", "visibility", "join_policy", "ideal_size", "capacity", "status", "start_date", "end_date",
            "reminder_offsets", "remind_non_responders",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "tagline": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "public_summary": forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            "charter": forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "countries": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["working_languages"] = self.instance.working_language_codes
        # Stored as "1440,60": the boxes are ticked from the list of minutes.
        self.initial["reminder_offsets"] = self.instance.reminder_offset_minutes
        # Closing asks for confirmation: the box appears once someone chooses "Closed".
        if self.instance.pk and not self.instance.is_closed and self.data.get("status") == Community.Status.CLOSED:
            self.fields["confirm_close"] = forms.BooleanField(
                label=_("Yes, close this community"),
                required=False,
                help_text=_(
                    "Closing ends the community: pending invitations are withdrawn and requests to join declined "
                    "(each person is told), and nobody can join or leave any more. What it produced stays readable."
                ),
            )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_reminder_offsets(self):
        # None ticked: the usual day-before and hour-before reminders.
        offsets = sorted(set(self.cleaned_data["reminder_offsets"]), reverse=True)
        return ",".join(str(minutes) for minutes in offsets) or DEFAULT_REMINDER_OFFSETS

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        # The instance still holds the stored capacity here: only a change is checked.
        if capacity != self.instance.capacity:
            self.instance.check_capacity(capacity)
        return capacity

    def clean_working_languages(self):
        return ",".join(self.cleaned_data["working_languages"])

    def clean_confirm_close(self):
        if not self.cleaned_data["confirm_close"]:
            raise forms.ValidationError(_("Tick the box to confirm that you want to close this community."))
        return True

    def service_fields(self):
        """The cleaned values, as the community services take them."""
        fields = {name: value for name, value in self.cleaned_data.items() if name not in ("themes", "confirm_close")}
        return fields, self.cleaned_data.get("themes", [])


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the facilitators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Why you would like to join, and what you could bring."),
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the person (optional, sent by email)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Kept for the record; facilitators and admins can read it."),
    )


class InvitationForm(forms.Form):
    """A pasted list, a CSV file, or both. A file chosen before the "community is full"
    warning comes back in ``file_text``, so nobody has to choose it again."""

    MAX_CSV_BYTES = 512 * 1024

    addresses = forms.CharField(
        label=_("Email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("One address per line, or rows pasted from a spreadsheet."),
    )
    csv_file = forms.FileField(
        label=_("…or a CSV file"),
        required=False,
        allow_empty_file=True,  # refused in clean_csv_file, with a clearer message
        help_text=_(
            "Up to 500 people, in a CSV file as Excel or LibreOffice save it (commas, semicolons or tabs). "
            "Name, organisation and country columns, under a header row, prefill the sign-up form of "
            "invitees who have no account yet."
        ),
    )
    file_text = forms.CharField(required=False, widget=forms.HiddenInput, max_length=MAX_CSV_BYTES, strip=False)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=255)

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if not upload:
            return None
        if upload.size > self.MAX_CSV_BYTES:
            raise forms.ValidationError(_("This file is too large for a list of addresses. Nobody was invited."))
        return invitation_lists.decode(upload.read())

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        file_text = cleaned.get("csv_file")
        if file_text is None:
            # No new file: the one kept from before the warning, if any.
            file_text = cleaned.get("file_text", "")
        else:
            cleaned["file_name"] = self.files["csv_file"].name
        rows = []
        try:
            rows += invitation_lists.read_text(cleaned.get("addresses", ""))
        except forms.ValidationError as error:
            self.add_error("addresses", error)
        if file_text:
            try:
                rows += invitation_lists.read_file_text(file_text)
            except forms.ValidationError as error:
                self.add_error("csv_file", error)
        if self.errors:
            return cleaned
        if not rows:
            raise forms.ValidationError(_("Paste at least one address or choose a CSV file."))
        if len(rows) > invitation_lists.MAX_ROWS:
            raise forms.ValidationError(invitation_lists.too_many_message(len(rows)), code="too_many")
        cleaned["rows"], cleaned["file_text"] = rows, file_text
        return cleaned

    def kept(self):
        """What was typed and chosen, for the same form shown again before sending."""
        return {name: self.cleaned_data.get(name, "") for name in ("addresses", "file_text", "file_name")}


class AnonymousForm(forms.Form):
    """A form anyone may send: with a honeypot field, and a message for the rate limit.

    The honeypot is a field people never meet and robots fill in. It is hidden by a CSS
    class (the Content-Security-Policy forbids inline styles) and from assistive technology
    (``aria-hidden`` on its wrapper), out of the tab order and never autofilled; its label
    asks anyone who still meets it to leave it empty. Render with ``{% crispy form %}``.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # The template writes the <form> tag, its CSRF token and the button.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[name for name in self.fields if name != "website"],
            Div("website", css_class="form-honeypot", aria_hidden="true"),
        )

    @property
    def filled_by_a_robot(self):
        """The honeypot has a value: answer as if all went well, and keep nothing."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def refuse_as_too_many(self):
        self.add_error(
            None,
            _("Too many requests have come from this email address or from your connection. Please try again in an hour."),
        )


class InterestForm(AnonymousForm):
    email = forms.EmailField(label=_("Your email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ObjectiveForm(forms.Form):
    text = forms.CharField(label=_("Learning objective"), max_length=300, widget=forms.TextInput(attrs={"dir": "auto"}))


class LearningExperienceRequestForm(AnonymousForm, forms.ModelForm):
    class Meta:
        model = LearningExperienceRequest
        fields = ["organisation", "contact_name", "email", "experience_name", "team_size", "countries", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "dir": "auto"})}


class FilterForm(forms.Form):
    """GET filters rendered field by field in a row: Bootstrap classes on each widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )


def _collation_key(name):
    """Near enough to a reader's alphabetical order without an ICU collator: accents and
    hamza set aside (Égypte among the E, أ with ا), case folded. Arabic letters' code points
    follow the Arabic alphabet."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def country_choices(codes=None):
    """(code, name) pairs named in the active language and sorted by that name; every country,
    or only ``codes`` (duplicates and unknown codes dropped)."""
    if codes is None:
        pairs = [(country.code, country.name) for country in countries]
    else:
        pairs = [(code, countries.name(code)) for code in set(codes) if code in countries]
    return sorted(pairs, key=lambda pair: _collation_key(pair[1]))


class CountryFilterField(forms.ChoiceField):
    """A filter's country: the form lists the countries present; any real country is accepted,
    so a shared link to one no longer present finds nothing instead of dropping every filter."""

    widget = ChosenStaysSelect(label_for=lambda code: countries.name(code) or code)

    def valid_value(self, value):
        return value in countries


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Working language"), required=False, choices=[("", _("Any"))] + WORKING_LANGUAGES)
    country = CountryFilterField(label=_("Country"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + Community.Status.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The countries of the communities whose details the reader may see (one query):
        # a private community's countries are for its members.
        stored = Community.objects.visible_to(user).exclude(countries="").values_list("countries", flat=True).distinct()
        present = (code for codes in stored for code in codes.split(","))
        self.fields["country"].choices = [("", _("Any"))] + country_choices(present)


class MemberFilterForm(FilterForm):
    country = CountryFilterField(label=_("Country"), required=False)
    expertise = forms.CharField(label=_("Expertise"), required=False, max_length=100)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        # The countries of the community's active members (one query).
        present = (
            User.objects.filter(pk__in=community.memberships.active().values("user_id"))
            .exclude(country="")
            .values_list("country", flat=True)
            .distinct()
        )
        self.fields["country"].choices = [("", _("Any"))] + country_choices(present)


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Who knows about…"), max_length=100)


# --- Notifications ------------------------------------------------------------------------------


class NotificationFilterForm(FilterForm):
    """GET filters of the notifications list. Invalid values are ignored, with a message on the field."""

    unread = forms.BooleanField(
        label=_("Unread only"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    community = forms.ModelChoiceField(
        label=_("Community"), required=False, queryset=Community.objects.none(), to_field_name="slug",
        empty_label=_("All my communities"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics"))] + [(choice.key, choice.label) for choice in email_choices()]
        self.fields["community"].queryset = Community.objects.of_member(user).order_by("name")

    def filters(self):
        """The valid filters, by name; empty when none applies."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class EmailSettingsForm(forms.Form):
    """The person's defaults: how often the digest comes, and which emails come right away."""

    digest_frequency = forms.ChoiceField(
        label=_("How often do you want the digest?"), choices=DigestFrequency.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, choices, **kwargs):
        """``choices``: the ``EmailChoice`` lines this person is offered."""
        super().__init__(*args, **kwargs)
        self.choice_keys = [choice.key for choice in choices]
        for choice in choices:
            self.fields[choice.key] = forms.BooleanField(label=choice.label, required=False)

    def choice_fields(self):
        return [self[key] for key in self.choice_keys]

    def email_choices(self):
        return {key: self.cleaned_data[key] for key in self.choice_keys}


class CommunityEmailSettingsForm(forms.Form):
    """One community's digest and emails: each may follow the person's default or differ from it."""

    DEFAULT, YES, NO = "", "yes", "no"
    AS_VALUE = {DEFAULT: None, YES: True, NO: False}
    AS_CHOICE = {value: choice for choice, value in AS_VALUE.items()}

    digest_frequency = forms.ChoiceField(label=_("Digest of this community"), required=False)

    def __init__(self, *args, choices, default_frequency, default_choices, **kwargs):
        """``default_frequency`` (a ``DigestFrequency``) and ``default_choices`` ({key: bool}) are the person's defaults."""
        super().__init__(*args, **kwargs)
        self.fields["digest_frequency"].choices = [
            ("", _("As my default (%(default)s)") % {"default": DigestFrequency(default_frequency).label}),
            (DigestFrequency.DAILY, DigestFrequency.DAILY.label),
            (DigestFrequency.WEEKLY, DigestFrequency.WEEKLY.label),
            (DigestFrequency.OFF, DigestFrequency.OFF.label),
        ]
        self.choice_keys = [choice.key for choice in choices]
        for choice in choices:
            default_label = _("As my default (yes)") if default_choices[choice.key] else _("As my default (no)")
            self.fields[choice.key] = forms.ChoiceField(
                label=choice.label,
                required=False,
                choices=[(self.DEFAULT, default_label), (self.YES, _("Yes")), (self.NO, _("No"))],
            )

    @classmethod
    def initial_of(cls, *, frequency, choices):
        """Form initial data from the saved frequency ("" = default) and {key: True/False/None}."""
        return {"digest_frequency": frequency, **{key: cls.AS_CHOICE[value] for key, value in choices.items()}}

    def choice_fields(self):
        return [self[key] for key in self.choice_keys]

    def email_choices(self):
        return {key: self.AS_VALUE[self.cleaned_data[key]] for key in self.choice_keys}


# --- Requests to run a community --------------------------------------------------------------


class StartRequestForm(forms.ModelForm):
    class Meta:
        model = CommunityStartRequest
        fields = ["community_name", "message"]
        widgets = {
            "community_name": forms.TextInput(attrs={"dir": "auto"}),
            "message": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        }


class StartRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("grant", _("Grant: they may start communities")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Message to the person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_("Needed to decline; they will read it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the request is declined: the person will read it."))
        return cleaned

    def service_fields(self):
        return {"grant": self.cleaned_data["decision"] == "grant", "reason": self.cleaned_data["reason"]}
