"""Forms for value-creation stories: writing one, and filtering the list by cycle.

Forms clean what people type; ``knowledge.services.stories`` writes it (and refuses anyone
who is not a member, and links to another community's content).
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from communities.forms import FilterForm

from .models import VALUE_CYCLE_HELP, Language, ValueCycle, ValueStory, writing_language


class SessionsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, session):
        day = date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
        return _("%(title)s (%(date)s)") % {"title": session.title, "date": day}


class ProductsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, product):
        return product.title


class PostsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, post):
        day = date_format(timezone.localtime(post.created_at), "DATE_FORMAT")
        return _("%(title)s (%(date)s)") % {"title": post.title, "date": day}


class StoryForm(forms.ModelForm):
    sessions = SessionsChoiceField(
        label=_("Sessions that helped (optional)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘ on a Mac) to choose several."),
    )
    posts = PostsChoiceField(
        label=_("Posts that helped (optional)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘ on a Mac) to choose several."),
    )
    products = ProductsChoiceField(
        label=_("Capitalization products that helped (optional)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (or ⌘ on a Mac) to choose several."),
    )

    class Meta:
        model = ValueStory
        fields = ["title", "cycle", "body", "language", "sessions", "posts", "products"]
        labels = {
            "title": _("Title"),
            "cycle": _("What kind of value was it?"),
            "body": _("Your story"),
            "language": _("Language of the story"),
        }
        help_texts = {
            "title": _("In a few words: “The zaï grid saved our baseline survey”."),
            "body": _("What you took from the community, what you did with it and what changed. Markdown is allowed."),
        }
        widgets = {
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "cycle": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        if self.instance.pk is None:
            # A new story is in its author's language, else the page's.
            author = self.instance.author if self.instance.author_id else None
            self.initial["language"] = writing_language(author, get_language())
        self.fields["cycle"].choices = ValueCycle.choices  # no empty choice among the radio buttons
        self.fields["cycle"].error_messages["invalid_choice"] = _(
            "Choose one of the five kinds of value: immediate, potential, applied, realized or transformative."
        )
        self.fields["cycle"].error_messages["required"] = _("Choose the kind of value your story tells.")
        self.fields["sessions"].queryset = community.sessions.order_by("-starts_at", "-pk")
        self.fields["posts"].queryset = community.posts.visible().order_by("-created_at", "-pk")
        self.fields["products"].queryset = community.products.order_by("-updated_at", "-pk")
        for name in ("sessions", "posts", "products"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose among the sessions, posts and products of this community."
            )

    @property
    def cycle_options(self):
        """The radio buttons of the cycle, each with what it means."""
        return [(radio, VALUE_CYCLE_HELP[radio.data["value"]]) for radio in self["cycle"]]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def service_fields(self):
        """The cleaned values, as ``story_create`` and ``story_update`` take them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class StoryFilterForm(FilterForm):
    cycle = forms.ChoiceField(label=_("Value cycle"), required=False, choices=[("", _("Any"))] + ValueCycle.choices)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any"))] + Language.choices)
