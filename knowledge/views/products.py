"""Capitalization-product pages inside a community, and the public library.

Every view asks ``communities.permissions`` and writes through ``knowledge.services.products``.
Anonymous visitors are sent to sign in where signing in could help; signed-in people
without the right get 403. The library shows only what ``in_library()`` holds: anything
else is a 404 there, whoever asks.

An edit names the version it started from; when someone saved meanwhile, the conflict
page shows both texts side by side and nothing typed is lost.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_countries import countries

from communities import permissions
from communities.models import Community

from ..forms_products import CommentForm, LibraryFilterForm, ProductForm, PublishForm, country_codes
from ..models import CapitalizationProduct, Language
from ..services.products import (
    EditConflict,
    citation,
    product_comment,
    product_create,
    product_publish,
    product_return_to_draft,
    product_submit,
    product_update,
)

PAGE_SIZE = 20
Status = CapitalizationProduct.Status
# The parts of the sheet below its title, in the order a capitalization sheet reads.
SHEET_FIELDS = CapitalizationProduct.TEXT_FIELDS[1:]


def _label(name):
    return capfirst(CapitalizationProduct._meta.get_field(name).verbose_name)


# --- Fetch or refuse -------------------------------------------------------------------------


def _product(community, pk):
    product = get_object_or_404(
        CapitalizationProduct.objects.prefetch_related("co_authors"), pk=pk, community=community
    )
    product.community = community  # one object, so membership answers cached on it are shared
    return product


def _sees_work_in_progress(user, community):
    """Drafts, reviews and history: whoever may view a draft of this community."""
    return permissions.can_view_product(user, CapitalizationProduct(community=community, status=Status.DRAFT))


def _add_service_error(form, error):
    """A ``ValidationError`` from the services, on the form field it is about where there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _country_names(product):
    return [countries.name(code) or code for code in country_codes(product.countries)]


def _sections(values, keep_empty=False):
    return [
        {"name": name, "label": _label(name), "text": values.get(name, "")}
        for name in SHEET_FIELDS
        if keep_empty or values.get(name)
    ]


# --- In the community ------------------------------------------------------------------------


@require_safe
def product_list(request, slug):
    community = permissions.community_or_refuse(request, slug)
    user = request.user
    permissions.require(permissions.can_view_community_content(user, community))
    products = community.products.prefetch_related("co_authors")
    if not _sees_work_in_progress(user, community):
        products = products.in_library()
    counts = dict(products.order_by().values_list("status").annotate(n=Count("pk")))
    status = request.GET.get("status", "")
    if status in Status.values:
        products = products.filter(status=status)
    else:
        status = ""
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = [{"value": "", "label": _("All"), "count": sum(counts.values())}] + [
        {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices
    ]
    return render(
        request,
        "knowledge/product_list.html",
        {
            "community": community,
            "page": page,
            "status": status,
            "filters": filters,
            "query": f"status={status}" if status else "",
            "may_create": permissions.can_create_product(user, community),
        },
    )


@require_http_methods(["GET", "POST"])
def product_new(request, slug):
    community = permissions.community_or_refuse(request, slug)
    permissions.require(permissions.can_create_product(request.user, community))
    form = ProductForm(request.POST or None, community=community, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            product = product_create(community=community, by=request.user, **form.service_fields())
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your draft is saved. Your co-authors can now write it with you."))
            return redirect(product)
    return render(
        request,
        "knowledge/product_form.html",
        {"form": form, "community": community},
    )


def _render_detail(request, community, product, comment_form=None, status=200):
    user = request.user
    may_see_work = _sees_work_in_progress(user, community)
    may_edit = permissions.can_edit_product(user, product)
    may_comment = permissions.can_comment_product(user, product)
    source_posts, source_reports = [], []
    if permissions.can_view_community_content(user, community):
        # Sources are the community's own pages: named only to those who may open them.
        source_posts = product.source_posts.filter(is_hidden=False).select_related("community")
        source_reports = product.source_reports.select_related("session__community")
    context = {
        "community": community,
        "product": product,
        "sections": _sections(product.text(), keep_empty=may_edit),
        "may_edit": may_edit,
        "may_submit": product.status == Status.DRAFT and permissions.can_submit_product(user, product),
        "may_review": permissions.can_review_product(user, product),
        "may_see_work": may_see_work,
        "may_comment": may_comment,
        "countries": _country_names(product),
        "source_posts": source_posts,
        "source_reports": source_reports,
        "comments": product.review_comments.select_related("author") if may_see_work else [],
        "comment_form": comment_form or (CommentForm() if may_comment else None),
    }
    return render(request, "knowledge/product_detail.html", context, status=status)


@require_safe
def product_detail(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_view_product(request.user, product))
    return _render_detail(request, community, product)


def _differences(form, theirs):
    """The fields where what was typed and what was saved meanwhile differ, both shown."""
    yours = form.cleaned_data
    rows = []
    for name in CapitalizationProduct.TEXT_FIELDS:
        if yours[name] != getattr(theirs, name):
            rows.append(
                {
                    "name": name,
                    "label": form.fields[name].label,
                    "yours": yours[name],
                    "theirs": getattr(theirs, name),
                }
            )

    def names(people):
        return ", ".join(sorted(person.display_name or person.email for person in people))

    others = [
        ("language", dict(Language.choices).get(yours["language"], ""), theirs.get_language_display()),
        ("countries", ", ".join(country_codes(yours["countries"])), ", ".join(country_codes(theirs.countries))),
        (
            "themes",
            ", ".join(sorted(yours["themes"] or [])),
            ", ".join(sorted(tag.name for tag in theirs.themes.all())),
        ),
        ("co_authors", names(yours["co_authors"]), names(theirs.co_authors.all())),
        (
            "source_posts",
            ", ".join(sorted(p.title for p in yours["source_posts"])),
            ", ".join(sorted(p.title for p in theirs.source_posts.all())),
        ),
        (
            "source_reports",
            ", ".join(sorted(str(r) for r in yours["source_reports"])),
            ", ".join(sorted(str(r) for r in theirs.source_reports.select_related("session"))),
        ),
    ]
    for name, mine, saved in others:
        if mine != saved:
            rows.append({"name": name, "label": form.fields[name].label, "yours": mine, "theirs": saved})
    return rows


@require_http_methods(["GET", "POST"])
def product_edit(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_edit_product(request.user, product))
    form = ProductForm(request.POST or None, instance=product, community=community, by=request.user)
    context = {
        "form": form,
        "community": community,
        "product": product,
    }
    if request.method == "POST" and form.is_valid():
        try:
            product_update(
                product=product,
                by=request.user,
                base_version=form.cleaned_data["base_version"],
                **form.service_fields(),
            )
        except EditConflict as conflict:
            theirs = conflict.product
            theirs.community = community
            # The form now holds the saved text and its version: a second save goes through.
            context.update(
                differences=_differences(form, theirs),
                theirs=theirs,
                form=ProductForm(instance=theirs, community=community, by=request.user),
            )
            return render(request, "knowledge/product_conflict.html", context, status=409)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(product)
    return render(request, "knowledge/product_form.html", context)


@require_safe
def product_history(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_view_product(request.user, product) and _sees_work_in_progress(request.user, community)
    )
    revisions = [
        {
            "revision": revision,
            "changed": [
                _label(name)
                for name in revision.changed_fields
                if name in CapitalizationProduct.TEXT_FIELDS or name in ("language", "countries")
            ],
            "title": revision.data.get("title", ""),
            "sections": _sections(revision.data),
        }
        for revision in product.revisions.select_related("editor")
    ]
    return render(
        request,
        "knowledge/product_history.html",
        {
            "community": community,
            "product": product,
            "revisions": revisions,
        },
    )


@require_POST
def product_send_for_review(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_submit_product(request.user, product), product.get_absolute_url())
    try:
        product_submit(product=product, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The product is sent for review. The facilitators can now comment and publish it."))
    return redirect(product)


@require_http_methods(["GET", "POST"])
def product_publish_view(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_review_product(request.user, product), product.get_absolute_url())
    if product.status != Status.IN_REVIEW:
        messages.error(request, _("A product is published after its review: it must be sent for review first."))
        return redirect(product)
    form = PublishForm(request.POST or None, initial={"licence": product.licence, "visibility": product.visibility})
    if request.method == "POST" and form.is_valid():
        try:
            product = product_publish(product=product, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            if product.is_public:
                messages.success(request, _("The product is published. Anyone can read it in the library."))
            else:
                messages.success(request, _("The product is published for the members of the community."))
            return redirect(product)
    return render(
        request,
        "knowledge/product_publish.html",
        {
            "form": form,
            "community": community,
            "product": product,
        },
    )


@require_POST
def product_draft(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_review_product(request.user, product), product.get_absolute_url())
    try:
        product_return_to_draft(product=product, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The product is a draft again: its co-authors can edit it."))
    return redirect(product)


@require_POST
def product_comment_view(request, slug, pk):
    community = permissions.community_or_refuse(request, slug)
    product = _product(community, pk)
    permissions.require(permissions.can_comment_product(request.user, product), product.get_absolute_url())
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            product_comment(product=product, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Your comment is posted."))
            return redirect(f"{product.get_absolute_url()}#comments")
    # The comment is shown again with what is wrong, so nothing typed is lost.
    return _render_detail(request, community, product, comment_form=form, status=400)


# --- The library -----------------------------------------------------------------------------


@require_safe
def library_list(request):
    products = (
        CapitalizationProduct.objects.in_library()
        .select_related("community")
        .prefetch_related("themes", "co_authors")
        .order_by("-published_at", "-pk")
    )
    communities = Community.objects.filter(
        pk__in=CapitalizationProduct.objects.in_library().values("community_id")
    ).order_by("name")
    form = LibraryFilterForm(request.GET or None, communities=communities)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            products = products.filter(Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"]))
        if data["theme"]:
            products = products.filter(
                pk__in=CapitalizationProduct.objects.filter(themes__name__iexact=data["theme"].strip()).values("pk")
            )
        if data["country"]:
            # Codes are kept as "SN,ML": match a whole code, not a piece of another one.
            products = products.filter(countries__iregex=rf"(^|,)\s*{data['country']}\s*(,|$)")
        if data["community"]:
            products = products.filter(community__slug=data["community"])
        if data["language"]:
            products = products.filter(language=data["language"])
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "knowledge/library_list.html", {"form": form, "page": page, "query": query.urlencode()})


@require_safe
def library_detail(request, pk):
    product = get_object_or_404(
        CapitalizationProduct.objects.in_library().select_related("community").prefetch_related("co_authors", "themes"),
        pk=pk,
    )
    return render(
        request,
        "knowledge/library_detail.html",
        {
            "product": product,
            "sections": _sections(product.text()),
            "citation": citation(product),
            "countries": _country_names(product),
        },
    )
