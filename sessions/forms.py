"""Forms for sessions: times are typed in the session's own time zone."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.forms import TimeZoneField

from .models import Phase, Programme, Recurrence, Rsvp, Session
from .times import naive_local, to_utc


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, kept naive: the form decides its zone, not the reader's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        return forms.fields.BaseTemporalField.to_python(self, value)

    def prepare_value(self, value):
        return value


class SessionForm(forms.ModelForm):
    video_link = forms.URLField(
        label=_("Video-call link"), required=False, max_length=500, assume_scheme="https",
        help_text=_("Shown to members only."),
    )
    start = LocalDateTimeField(label=_("Starts"))
    end = LocalDateTimeField(label=_("Ends"))
    timezone = TimeZoneField(help_text=_("The zone the start and end above are in. Each member sees the time in their own zone."))

    class Meta:
        model = Session
        fields = [
            "title", "guiding_question", "technique", "format", "start", "end", "timezone", "video_link", "venue", "capacity",
            "agenda", "programme", "phase",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "guiding_question": forms.TextInput(attrs={"dir": "auto"}),
            "agenda": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        }

    def __init__(self, *args, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        session = self.instance
        if session.pk:
            self.initial.setdefault("start", naive_local(session.starts_at, session.timezone))
            self.initial.setdefault("end", naive_local(session.ends_at, session.timezone))
            self.initial.setdefault("timezone", session.timezone)
        # The zone field is not a model field here: the model's own timezone gets it in clean().
        self.fields["timezone"].widget.attrs.pop("data-guess-timezone", None)
        self._offer_programmes(community or (session.community if session.community_id else None))

    def _offer_programmes(self, community):
        """The programmes the community belongs to, and their phases grouped by programme
        (without JavaScript a phase list can't follow the programme chosen: clean() checks)."""
        programmes = list(Programme.objects.filter(communities=community)) if community else []
        if not programmes:
            del self.fields["programme"], self.fields["phase"]
            return
        programme_field = self.fields["programme"]
        programme_field.queryset = Programme.objects.filter(pk__in=[programme.pk for programme in programmes])
        programme_field.help_text = _("The programme this session is part of, if any.")
        phases = list(Phase.objects.filter(programme__in=programmes))
        if not phases:
            del self.fields["phase"]
            return
        phase_field = self.fields["phase"]
        phase_field.queryset = Phase.objects.filter(pk__in=[phase.pk for phase in phases])
        phase_field.help_text = _("A part of the programme, e.g. its virtual sessions or its face-to-face week.")
        phase_field.choices = [("", "---------")] + [
            (programme.name, [(phase.pk, phase.name) for phase in phases if phase.programme_id == programme.pk])
            for programme in programmes
            if any(phase.programme_id == programme.pk for phase in phases)
        ]

    def clean(self):
        cleaned = super().clean()
        start, end, zone = cleaned.get("start"), cleaned.get("end"), cleaned.get("timezone")
        if start and end and zone:
            try:
                cleaned["starts_at"] = to_utc(start, zone, field="start")
                cleaned["ends_at"] = to_utc(end, zone, field="end")
            except ValidationError as error:
                self.add_error(None, error)
                return cleaned
            if cleaned["ends_at"] <= cleaned["starts_at"]:
                self.add_error("end", _("The session must end after it starts."))
        fmt = cleaned.get("format")
        if fmt in (Session.Format.VIRTUAL, Session.Format.HYBRID) and not cleaned.get("video_link"):
            self.add_error("video_link", _("Give the video-call link for a virtual or hybrid session (you can change it later)."))
        if fmt in (Session.Format.IN_PERSON, Session.Format.HYBRID) and not cleaned.get("venue"):
            self.add_error("venue", _("Say where the session takes place."))
        phase = cleaned.get("phase")
        if phase is not None:
            if cleaned.get("programme") is None:
                cleaned["programme"] = phase.programme  # a phase says which programme
            elif cleaned["programme"] != phase.programme:
                self.add_error(
                    "phase",
                    _("This phase belongs to the programme “%(programme)s”: choose a phase of the programme above, or none.")
                    % {"programme": phase.programme.name},
                )
        return cleaned

    def _post_clean(self):
        # Times are set from start/end/timezone above; let the model validate the rest.
        if "starts_at" in self.cleaned_data:
            self.instance.starts_at = self.cleaned_data["starts_at"]
            self.instance.ends_at = self.cleaned_data["ends_at"]
            self.instance.timezone = self.cleaned_data["timezone"]
        super()._post_clean()

    def service_fields(self):
        names = ["title", "guiding_question", "technique", "format", "video_link", "venue", "capacity", "agenda"]
        names += [name for name in ("programme", "phase") if name in self.fields]
        fields = {name: self.cleaned_data[name] for name in names}
        fields.update(starts_at=self.cleaned_data["starts_at"], ends_at=self.cleaned_data["ends_at"], timezone=self.cleaned_data["timezone"])
        return fields


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"), choices=Rsvp.Response.choices, widget=forms.RadioSelect(attrs={"class": "form-check-input"})
    )


class SeriesForm(forms.Form):
    """Repeat a new session: every week, two weeks or month, until a date or N times."""

    repeat = forms.ChoiceField(
        label=_("Repeat"), required=False, choices=[("", _("Does not repeat"))] + Recurrence.Frequency.choices
    )
    repeat_until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    repeat_count = forms.IntegerField(
        label=_("…or this many sessions"), required=False, min_value=2, max_value=Recurrence.MAX_OCCURRENCES,
        help_text=_("At most 52."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("repeat") and not (cleaned.get("repeat_until") or cleaned.get("repeat_count")):
            raise ValidationError(_("Say until when the sessions repeat, or how many there are."))
        return cleaned


class ScopeForm(forms.Form):
    """For a session of a series: change only it, or it and all that follow."""

    scope = forms.ChoiceField(
        label=_("Apply to"),
        choices=[("one", _("Only this session")), ("following", _("This session and all following ones"))],
        initial="one",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
