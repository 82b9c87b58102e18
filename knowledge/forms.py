"""Forms of the knowledge exchange: posts, replies, reports, moderation notes, removing text
from a history, list filters.

Forms clean what people type; the services in ``knowledge.services`` write it.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from communities.attachments import MAX_FILES, MultipleFileField
from communities.forms import FilterForm

from .models import Language, Post, Reply, writing_language

STRUCTURED_LABELS = {
    "context": _("Context (optional)"),
    "what_was_done": _("What was done (optional)"),
    "what_happened": _("What happened (optional)"),
    "lessons": _("Lessons (optional)"),
}


def _text_area(rows, **attrs):
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", **attrs})


def _offer_redaction(form):
    """Facilitators editing may remove the replaced version's text from the history at once."""
    form.fields["redact_earlier"] = forms.BooleanField(
        label=_("Also remove the earlier text from the history"),
        required=False,
        help_text=_(
            "Readers of the history will see that the facilitators removed it, and when. Use this for a phone "
            "number, an address or a name that should not stay readable."
        ),
    )


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        day = date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
        return _("%(title)s (%(date)s)") % {"title": session.title, "date": day}


class PostForm(forms.ModelForm):
    """A new post, or the changes to one. Attachments are checked one by one."""

    session = SessionChoiceField(
        label=_("From a session (optional)"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("The session of this community this comes from, if any."),
    )
    resource_url = forms.URLField(
        label=_("Link to the resource (optional)"), required=False, max_length=500, assume_scheme="https"
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"), required=False)

    class Meta:
        model = Post
        fields = [
            "kind", "title", "body", "context", "what_was_done", "what_happened", "lessons", "resource_url",
            "themes", "language", "session",
        ]
        labels = {
            "kind": _("What are you sharing?"),
            "title": _("Title"),
            "body": _("Text"),
            "themes": _("Themes (optional)"),
            "language": _("Language of the post"),
            **STRUCTURED_LABELS,
        }
        help_texts = {
            "body": _("Markdown is allowed."),
            "context": _("For experiences: the situation, the place, the people involved."),
            "what_was_done": _("For experiences: what you or your team did."),
            "what_happened": _("For experiences: the results, expected or not."),
            "lessons": _("For experiences: what others can reuse in their own work."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "body": _text_area(8, **{"data-mentions": "members"}),
            "context": _text_area(3),
            "what_was_done": _text_area(3),
            "what_happened": _text_area(3),
            "lessons": _text_area(3),
        }

    def __init__(self, *args, community, offer_redaction=False, **kwargs):
        language_given = "language" in (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.community = community
        if self.instance.pk is None and not language_given:
            # A new post is in its author's language, else the page's (not always English).
            author = self.instance.author if self.instance.author_id else None
            self.initial["language"] = writing_language(author, get_language())
        if offer_redaction:
            _offer_redaction(self)
        self.fields["session"].queryset = community.sessions.order_by("-starts_at", "-pk")
        self.fields["attachments"].help_text = _(
            "PDF, office documents, images or CSV, up to %(limit)s files. If a file is refused, choose your files again."
        ) % {"limit": MAX_FILES}
        self.fields["kind"].choices = Post.Kind.choices  # no empty choice among the radio buttons
        if not self.initial.get("kind"):
            self.initial["kind"] = Post.Kind.EXPERIENCE

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def service_fields(self):
        """The cleaned values, as ``post_create`` and ``post_update`` take them."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields if name != "themes"}
        values = {**fields, "themes": data.get("themes") or [], "uploads": data.get("attachments") or []}
        if "redact_earlier" in self.fields:  # offered on an edit only
            values["redact_earlier"] = data["redact_earlier"]
        return values


class ReplyForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        label=_("In reply to"), queryset=Reply.objects.none(), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Reply
        fields = ["quote", "body", "parent"]
        labels = {"quote": _("Quoted text (optional)"), "body": _("Your reply")}
        help_texts = {"quote": _("Shown above your reply, as a quotation.")}
        widgets = {"quote": _text_area(2), "body": _text_area(5, **{"data-mentions": "members"})}

    def __init__(self, *args, post=None, **kwargs):
        super().__init__(*args, **kwargs)
        if post is not None:
            self.fields["parent"].queryset = post.replies.filter(is_hidden=False)
        if not self.is_quoting:
            # The box appears when someone follows a reply's "Quote" link; otherwise it is only in the way.
            self.fields["quote"].widget = forms.HiddenInput()

    @property
    def is_quoting(self):
        """A quote was chosen (the "Quote" link) or sent back with the form."""
        value = self.data.get(self.add_prefix("quote")) if self.is_bound else self.initial.get("quote")
        return bool((value or "").strip())


class ReplyEditForm(forms.ModelForm):
    class Meta:
        model = Reply
        fields = ["body"]
        labels = {"body": _("Your reply")}
        widgets = {"body": _text_area(6, **{"data-mentions": "members"})}

    def __init__(self, *args, offer_redaction=False, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_redaction:
            _offer_redaction(self)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=_text_area(4),
        help_text=_("Only the facilitators of the community read this."),
    )


class HideForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is hidden"),
        max_length=2000,
        widget=_text_area(3),
        help_text=_("Kept with the hidden content and sent to its author. The facilitators can read it too."),
    )


class RedactForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=_text_area(2),
        help_text=_("Kept with the removal. Only the facilitators and platform admins read it."),
    )


class PostFilterForm(FilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any"))] + Post.Kind.choices)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any"))] + Language.choices)
    unanswered_first = forms.BooleanField(label=_("Unanswered questions first"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unanswered_first"].widget.attrs["class"] = "form-check-input"
