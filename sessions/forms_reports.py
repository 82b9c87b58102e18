"""Forms for closing a session (attendance, report, files) and writing to its attendees."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communities.attachments import MAX_FILES, MultipleFileField
from communities.models import User

from .models import Rsvp, SessionReport
from .services import reports


class AttendeeChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, answers=None, **kwargs):
        self.answers = answers or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, user):
        answer = self.answers.get(user.pk)
        if answer is None:
            return user.display_name
        return _("%(name)s (answered: %(answer)s)") % {"name": user.display_name, "answer": answer}


class SessionCloseForm(forms.ModelForm):
    """Who attended and the report. The texts come from the model; ``reports.report_save`` writes."""

    attendees = AttendeeChoiceField(
        label=_("Who attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Those who answered “going” are ticked to begin with."),
    )
    files = MultipleFileField(
        label=_("Files (slides, photos, flip charts…)"),
        required=False,
    )

    field_order = ["attendees", "key_points", "lessons", "decisions", "files"]

    class Meta:
        model = SessionReport
        fields = ["key_points", "lessons", "decisions"]
        widgets = {
            "key_points": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
            "lessons": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
            "decisions": forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        }

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["files"].help_text = _(
            "PDF, office documents, images or CSV, up to %(limit)s files. If a file is refused, choose your files again."
        ) % {"limit": MAX_FILES}
        rsvps = {rsvp.user_id: rsvp for rsvp in session.rsvps.all()}
        field = self.fields["attendees"]
        field.queryset = User.objects.active_members_of(session.community_id).order_by("display_name", "pk")
        field.answers = {
            pk: (_("waiting list") if rsvp.is_waitlisted else rsvp.get_response_display()) for pk, rsvp in rsvps.items()
        }
        if self.instance.pk:
            self.initial["attendees"] = list(session.attendances.values_list("user_id", flat=True))
        else:
            self.initial["attendees"] = [
                pk for pk, rsvp in rsvps.items() if rsvp.response == Rsvp.Response.GOING and not rsvp.is_waitlisted
            ]

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in ("key_points", "lessons", "decisions")):
            raise ValidationError(_("Write at least the key points, the lessons or the decisions."))
        return cleaned

    def service_fields(self):
        data = self.cleaned_data
        return {
            "attendee_ids": [person.pk for person in data["attendees"]],
            "key_points": data["key_points"],
            "lessons": data["lessons"],
            "decisions": data["decisions"],
            "uploads": data["files"],
        }


class AttendeeMessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("Write to"), widget=forms.RadioSelect, initial="all")
    subject = forms.CharField(
        label=_("Subject"), max_length=reports.SUBJECT_MAX_LENGTH, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_("Sent by email from the platform, with a link to the session."),
    )

    def __init__(self, *args, session, sender, **kwargs):
        super().__init__(*args, **kwargs)
        counts = {
            audience: sum(1 for person in reports.attendee_recipients(session, audience) if person != sender)
            for audience in reports.AUDIENCES
        }
        labels = {
            "all": _("Everyone who answered going or maybe, and the waiting list (%(count)s)"),
            "going": _("Those going (%(count)s)"),
            "maybe": _("Those who answered maybe (%(count)s)"),
            "waitlisted": _("Those on the waiting list (%(count)s)"),
        }
        self.fields["audience"].choices = [
            (audience, labels[audience] % {"count": counts[audience]}) for audience in reports.AUDIENCES
        ]
