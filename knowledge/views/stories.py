"""Value-creation stories of a community: the list (by cycle), a story with what helped,
writing, featuring on the community's home, reports and moderation.

Read and moderated as posts are (``communities.permissions``): a hidden story is a 404 to
everyone but its author and the moderators, except that members who open it are told the
facilitators hid it. Every change is a POST and goes through ``knowledge.services.stories``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities import permissions

from ..forms import HideForm, ReportForm
from ..forms_stories import StoryFilterForm, StoryForm
from ..models import ValueCycle, ValueStory
from ..services import stories as services

PAGE_SIZE = 20


def _fetch(community, pk):
    story = get_object_or_404(ValueStory.objects.select_related("author"), pk=pk, community=community)
    story.community = community  # one object, so membership answers cached on it are shared
    return story


def _story(request, community, pk):
    story = _fetch(community, pk)
    if not permissions.can_view_story(request.user, story):
        raise Http404
    return story


def _community(request, slug):
    return permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)


def _detail_url(slug, pk):
    return reverse("stories:detail", args=[slug, pk])


def _error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- The list ------------------------------------------------------------------------------------


@require_safe
def story_list(request, slug):
    community = _community(request, slug)
    user = request.user
    may_moderate = permissions.can_moderate(user, community)
    stories = community.value_stories.select_related("author")
    if not may_moderate:
        stories = stories.visible()
    form = StoryFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["cycle"]:
            stories = stories.filter(cycle=form.cleaned_data["cycle"])
        if form.cleaned_data["language"]:
            stories = stories.filter(language=form.cleaned_data["language"])
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    for story in page.object_list:
        story.community = community
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/story_list.html",
        {
            "community": community,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": form.is_bound and form.has_changed(),
            "may_write": permissions.can_write_story(user, community),
            "may_moderate": may_moderate,
            "cycle_counts": [
                (cycle, ValueCycle(cycle).label, count)
                for cycle, count in services.stories_per_cycle(community).items()
            ],
        },
    )


# --- A story -------------------------------------------------------------------------------------


@require_safe
def story_detail(request, slug, pk):
    community = _community(request, slug)
    story = _fetch(community, pk)
    user = request.user
    if not permissions.can_view_story(user, story):
        if story.is_hidden and permissions.is_active_member(user, community):
            # A member following a link to a hidden story learns why it is gone, and nothing of its content.
            return render(request, "knowledge/story_hidden.html", {"community": community})
        raise Http404
    products = [
        product for product in story.products.select_related("community") if permissions.can_view_product(user, product)
    ]
    return render(
        request,
        "knowledge/story_detail.html",
        {
            "community": community,
            "story": story,
            "sessions": list(story.sessions.order_by("starts_at")),
            "posts": list(story.posts.visible().order_by("-created_at")),
            "products": products,
            "may_edit": permissions.can_edit_story(user, story),
            "may_delete": permissions.can_delete_story(user, story),
            "may_feature": permissions.can_feature_story(user, story),
            "may_report": permissions.can_report_story(user, story),
            "may_moderate": permissions.can_moderate(user, community),
            "may_see_hidden_note": story.is_hidden and permissions.can_see_hidden(user, story, community),
        },
    )


# --- Writing -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def story_create(request, slug):
    permissions.require_sign_in(request)
    community = _community(request, slug)
    permissions.require(permissions.can_write_story(request.user, community))
    form = StoryForm(
        request.POST or None, community=community, instance=ValueStory(community=community, author=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_create(community=community, author=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your story is shared with the community."))
            return redirect(story.get_absolute_url())
    return render(request, "knowledge/story_form.html", {"community": community, "form": form, "story": None})


@require_http_methods(["GET", "POST"])
def story_edit(request, slug, pk):
    permissions.require_sign_in(request)
    community = _community(request, slug)
    story = _story(request, community, pk)
    permissions.require(permissions.can_edit_story(request.user, story))
    # The form works on its own copy, so the page keeps the saved title if the changes are refused.
    editable = ValueStory.objects.get(pk=story.pk)
    editable.community = community
    form = StoryForm(request.POST or None, community=community, instance=editable)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_update(story=story, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(story.get_absolute_url())
    return render(request, "knowledge/story_form.html", {"community": community, "form": form, "story": story})


@require_http_methods(["GET", "POST"])
def story_delete(request, slug, pk):
    permissions.require_sign_in(request)
    community = _community(request, slug)
    story = _story(request, community, pk)
    permissions.require(permissions.can_delete_story(request.user, story))
    if request.method == "POST":
        services.story_delete(story=story, by=request.user)
        messages.success(request, _("Your story is deleted."))
        return redirect("stories:list", slug=community.slug)
    return render(request, "knowledge/story_delete_confirm.html", {"community": community, "story": story})


# --- Featuring and moderation ----------------------------------------------------------------------


@require_POST
def story_feature(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = _community(request, slug)
    story = _story(request, community, pk)
    permissions.require(permissions.can_feature_story(request.user, story))
    featured = request.POST.get("featured") == "1"
    try:
        services.story_feature(story=story, by=request.user, featured=featured)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        if featured:
            messages.success(request, _("The story is featured on the community’s home."))
        else:
            messages.success(request, _("The story is no longer featured on the community’s home."))
    return redirect(story.get_absolute_url())


@require_http_methods(["GET", "POST"])
def story_report(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = _community(request, slug)
    story = _story(request, community, pk)
    permissions.require(permissions.can_report_story(request.user, story))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_report(story=story, reporter=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The facilitators of the community have been told."))
            return redirect(story.get_absolute_url())
    return render(request, "knowledge/story_report_form.html", {"community": community, "story": story, "form": form})


def _back(request, community, story):
    if request.POST.get("from") == "reports":
        return redirect("knowledge:reports", slug=community.slug)
    return redirect(story.get_absolute_url())


@require_http_methods(["GET", "POST"])
def story_hide(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = _community(request, slug)
    story = _story(request, community, pk)
    permissions.require(permissions.can_moderate(request.user, community))
    if story.is_hidden:
        messages.info(request, _("This is already hidden."))
        return _back(request, community, story)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_hide(story=story, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Hidden. Its author is told, with your note; they and the facilitators still see it.")
            )
            return _back(request, community, story)
    return render(
        request,
        "knowledge/story_hide_form.html",
        {
            "community": community,
            "story": story,
            "form": form,
            "from_reports": request.GET.get("from") == "reports" or request.POST.get("from") == "reports",
        },
    )


@require_POST
def story_unhide(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = _community(request, slug)
    story = _story(request, community, pk)
    permissions.require(permissions.can_moderate(request.user, community))
    services.story_unhide(story=story, by=request.user)
    messages.success(request, _("Shown again to everyone who can read the community."))
    return redirect(story.get_absolute_url())
