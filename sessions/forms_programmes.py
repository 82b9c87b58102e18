"""Forms for programmes: the programme itself, its phases, its communities and managers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Community, User

from . import permissions
from .models import Phase, Programme
from .services.programmes import programme_manager_candidates


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "description"]
        widgets = {
            "name": forms.TextInput(attrs={"dir": "auto"}),
            "description": forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        }
        help_texts = {
            "name": _("e.g. Climate learning communities 2026"),
            "description": _("What the programme is for and how it runs. Markdown is allowed."),
        }

    def service_fields(self):
        return {"name": self.cleaned_data["name"], "description": self.cleaned_data["description"]}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "order", "starts_on", "ends_on"]
        widgets = {"name": forms.TextInput(attrs={"dir": "auto"}), "starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "name": _("e.g. Virtual sessions, or Face-to-face week in Thiès"),
            "starts_on": _("Optional."),
            "ends_on": _("Optional."),
        }

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, community):
        return community.name


class ProgrammeCommunityForm(forms.Form):
    """Add a community: those the manager facilitates join at once, others are invited."""

    community = CommunityChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        help_text=_(
            "A community you facilitate joins at once. Any other community is invited: it joins when one of its "
            "facilitators accepts."
        ),
    )

    def __init__(self, *args, programme, user, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = (
            Community.objects.exclude(programmes=programme).exclude(status=Community.Status.CLOSED).order_by("name")
        )
        field = self.fields["community"]
        field.queryset = candidates
        attachable = set(permissions.attachable_communities(user).values_list("pk", flat=True))
        mine = [(c.pk, c.name) for c in candidates if c.pk in attachable]
        others = [(c.pk, c.name) for c in candidates if c.pk not in attachable]
        field.choices = [("", "---------")] + [
            (group, choices)
            for group, choices in ((_("Communities you facilitate"), mine), (_("Other communities (invited)"), others))
            if choices
        ]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.display_name


class ProgrammeManagerForm(forms.Form):
    user = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("Managers are chosen among the facilitators of the programme’s communities."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = programme_manager_candidates(programme)


class InvitationAnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
