"""/search/?q=: one box for posts, replies, products and session reports."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from communities.models import Community

from ..search import KIND_LABELS, MAX_QUERY, search


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY * 5)
    community = forms.ModelChoiceField(label=_("Community"), required=False, queryset=None, empty_label=_("All my communities"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Everything"))] + list(KIND_LABELS.items()))
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user).order_by("name")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    results, page = None, None
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = search(request.user, data["q"], community=data["community"], kind=data["kind"] or None, theme=data["theme"] or None)
        page = Paginator(results, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/search.html",
        {"form": form, "results": results, "page": page, "query": query.urlencode(), "kind_labels": KIND_LABELS},
    )
