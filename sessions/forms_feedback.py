"""The feedback form an attendee fills in after a session; ``services.feedback`` saves it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SessionFeedback
from .services.feedback import accepted_objectives

USEFULNESS_ERROR = _("Choose how useful the session was, from 1 to 5.")


class SessionFeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the session for you?"),
        choices=SessionFeedback.Usefulness.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": USEFULNESS_ERROR, "invalid_choice": USEFULNESS_ERROR},
    )
    # Set when the page offered a first answer: posted again once one exists, it is refused
    # rather than silently replacing the answer given meanwhile (another tab, a double click).
    first_answer = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = ["usefulness", "learned", "will_apply", "objectives", "themes", "is_anonymous"]

    class Meta:
        model = SessionFeedback
        fields = ["usefulness", "learned", "will_apply", "objectives", "themes", "is_anonymous"]
        labels = {
            "learned": _("What I learned"),
            "will_apply": _("What I will apply in my work"),
            "objectives": _("Which of the community’s learning objectives did it strengthen?"),
            "themes": _("Which of the community’s themes did it strengthen?"),
            "is_anonymous": _("Anonymous to the facilitators"),
        }
        help_texts = {
            "learned": _("Optional. A few words are enough."),
            "will_apply": _("Optional."),
            "is_anonymous": _(
                "The facilitators read your answer without your name. They see the answers of a session "
                "only once at least three people have answered."
            ),
        }
        widgets = {
            "learned": forms.Textarea(attrs={"rows": 3, "dir": "auto", "maxlength": SessionFeedback.TEXT_MAX_LENGTH}),
            "will_apply": forms.Textarea(
                attrs={"rows": 3, "dir": "auto", "maxlength": SessionFeedback.TEXT_MAX_LENGTH}
            ),
            "objectives": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "objectives": {"invalid_choice": _("Choose among the community’s accepted learning objectives.")},
            "themes": {"invalid_choice": _("Choose among the community’s themes.")},
        }

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        community = session.community
        self.fields["objectives"].queryset = accepted_objectives(community).order_by("created_at", "pk")
        self.fields["themes"].queryset = community.themes.order_by("name")
        # The choices are looked up once: a field with none is left out.
        for name in ("objectives", "themes"):
            field = self.fields[name]
            if not field.queryset.exists():
                del self.fields[name]
        if self.instance.pk is None:
            self.initial["first_answer"] = True

    def service_fields(self):
        data = self.cleaned_data
        return {
            "usefulness": data["usefulness"],
            "learned": data["learned"],
            "will_apply": data["will_apply"],
            "objectives": list(data.get("objectives") or ()),
            "themes": list(data.get("themes") or ()),
            "is_anonymous": data["is_anonymous"],
        }
