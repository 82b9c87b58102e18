"""Forms for capitalization products: the sheet, publishing, review comments, library filters.

Forms clean what people type; ``knowledge.services.products`` writes it. The help texts follow the
practice of capitalization of experience: a sheet tells what was done, what came of it and
what others can reuse, so each field asks one of those questions.
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from communities.forms import FilterForm
from communities.models import User
from sessions.models import SessionReport

from .models import CapitalizationProduct, Language, Licence, writing_language

SHEET_HELP = {
    "title": _("Say what the experience is about, where: “Farmer field schools to restore soils in Kaolack”."),
    "summary": _(
        "A few lines that let a busy reader decide whether to read on: what was done, where, with whom, and the main lesson."
    ),
    "context": _(
        "The situation at the start: place, period, the problem or need, the people concerned, what had been tried before."
    ),
    "actors": _("Who took part (organisations, groups, individuals) and the role each played."),
    "process": _(
        "The steps in order: what was done, how, with what means and over what time, and what changed along the way."
    ),
    "results": _("What changed, expected or not, good or bad. Give figures and sources where you have them."),
    "lessons": _(
        "What you learned that others can reuse: what worked, what did not, and why. A lesson is knowledge, not a result."
    ),
    "recommendations": _(
        "Concrete advice for people who want to do something similar, and for those who decide or fund."
    ),
    "replication": _("What must be in place for this to work elsewhere: conditions, costs, skills, partners, risks."),
}

# Fields that are not part of the text, in the order of the form.
OTHER_FIELDS = ("language", "themes", "countries", "co_authors", "source_posts", "source_reports")


def _text_area(rows):
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class CoAuthorField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("Co-authors must be members of the community."),
        "invalid_pk_value": _("Co-authors must be members of the community."),
    }

    def label_from_instance(self, person):
        return person.display_name or person.email


class PostSourceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, post):
        return post.title


class ReportSourceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, report):
        day = date_format(timezone.localtime(report.session.starts_at), "DATE_FORMAT")
        return _("Report: %(title)s (%(date)s)") % {"title": report.session.title, "date": day}


class ProductForm(forms.ModelForm):
    """A new product, or an edit of one. ``base_version`` names the version the edit started from."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    countries = forms.MultipleChoiceField(
        label=_("Countries (optional)"),
        required=False,
        choices=countries,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Where the experience took place. Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    co_authors = CoAuthorField(
        label=_("Co-authors"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the community who write this product with you. Each of them may edit it."),
    )
    source_posts = PostSourceField(
        label=_("Sources: posts (optional)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The posts of this community this product draws on. They are linked from the product."),
    )
    source_reports = ReportSourceField(
        label=_("Sources: session reports (optional)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The reports of this community’s sessions this product draws on."),
    )

    class Meta:
        model = CapitalizationProduct
        fields = [*CapitalizationProduct.TEXT_FIELDS, "language", "themes"]
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "context": _("Context"),
            "actors": _("Actors"),
            "process": _("What was done"),
            "results": _("Results"),
            "lessons": _("Lessons learned"),
            "recommendations": _("Recommendations"),
            "replication": _("Conditions for replication"),
            "language": _("Language of the product"),
            "themes": _("Themes (optional)"),
        }
        help_texts = {**SHEET_HELP, "themes": _("Separate themes with commas: “soil fertility, farmer field schools”.")}
        widgets = {
            "title": _text_area(2),
            "summary": _text_area(3),
            "context": _text_area(5),
            "actors": _text_area(3),
            "process": _text_area(8),
            "results": _text_area(5),
            "lessons": _text_area(6),
            "recommendations": _text_area(4),
            "replication": _text_area(4),
        }

    def __init__(self, *args, community, by, **kwargs):
        language_given = "language" in (kwargs.get("initial") or {})
        super().__init__(*args, **kwargs)
        self.community = community
        product = self.instance
        members = User.objects.active_members_of(community)
        if product.pk:
            # Co-authors who have left stay listed: they are not dropped without anyone deciding it.
            authors = User.objects.filter(pk__in=product.co_authors.values("pk"))
            self.fields["co_authors"].queryset = (members | authors).distinct().order_by("display_name", "pk")
            self.fields["source_posts"].queryset = community.posts.visible().order_by("-created_at", "-pk")
            self.initial.setdefault("base_version", product.version)
            self.initial.setdefault("countries", country_codes(product.countries))
            self.initial.setdefault("co_authors", list(product.co_authors.all()))
            self.initial.setdefault("source_posts", list(product.source_posts.all()))
            self.initial.setdefault("source_reports", list(product.source_reports.all()))
        else:
            del self.fields["base_version"]
            # A new product is in its author's language, else the page's (not always English).
            if not language_given:
                self.initial["language"] = writing_language(by, get_language())
            # The author is always a co-author (see ``product_create``): only the others are chosen.
            self.fields["co_authors"].queryset = members.exclude(pk=by.pk).order_by("display_name", "pk")
            self.fields["co_authors"].required = False
            self.fields["co_authors"].label = _("Co-authors (optional)")
            self.fields["co_authors"].help_text = _(
                "Members of the community who write this product with you. You are a co-author already; each co-author may edit it."
            )
            self.fields["source_posts"].queryset = community.posts.visible().order_by("-created_at", "-pk")
        self.fields["source_reports"].queryset = (
            SessionReport.objects.filter(session__community=community)
            .select_related("session")
            .order_by("-session__starts_at")
        )

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_countries(self):
        return ",".join(self.cleaned_data["countries"])

    def service_fields(self):
        """The cleaned values, as ``product_create`` and ``product_update`` take them."""
        data = self.cleaned_data
        fields = {name: data[name] for name in (*CapitalizationProduct.TEXT_FIELDS, "language", "countries")}
        return {
            **fields,
            "themes": data.get("themes") or [],
            "co_authors": list(data.get("co_authors") or []),
            "source_posts": list(data.get("source_posts") or []),
            "source_reports": list(data.get("source_reports") or []),
        }


def country_codes(text):
    """ "SN, ml" → ["SN", "ML"]: the codes kept in ``CapitalizationProduct.countries``."""
    return [code.strip().upper() for code in (text or "").split(",") if code.strip()]


class PublishForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may read it?"),
        choices=CapitalizationProduct.Visibility.choices,
        widget=forms.RadioSelect,
        initial=CapitalizationProduct.Visibility.COMMUNITY,
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        help_text=_("What others may do with the text. CC BY 4.0 lets anyone reuse it, crediting the authors."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=_text_area(4),
        help_text=_("Seen by the co-authors and the facilitators. Markdown is allowed."),
        error_messages={"required": _("Write your comment.")},
    )


class LibraryFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=[("", _("Any")), *Language.choices])

    def __init__(self, *args, communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any")), *countries]
        self.fields["community"].choices = [("", _("Any")), *((c.slug, c.name) for c in communities)]
