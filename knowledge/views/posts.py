"""Knowledge-exchange pages: the list, a post with its replies, writing, histories, and
moderation (including removing text from a history).

Every view asks ``communities.permissions``. Anonymous visitors are sent to sign in where
signing in could help; signed-in people without the right get 403; a hidden post or
reply is a 404 to everyone but its author and the moderators, except that the members
who open a hidden post's page are told the facilitators hid it. Every change is a POST
and goes through ``knowledge.services``.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities import permissions
from communities.attachments import attachments_for
from communities.models import User

from .. import services
from ..forms import HideForm, PostFilterForm, PostForm, RedactForm, ReplyEditForm, ReplyForm, ReportForm
from ..models import ContentReport, Follow, HelpfulMark, Post, Reply

PAGE_SIZE = 20
STRUCTURED_SECTIONS = (
    ("context", gettext_lazy("Context")),
    ("what_was_done", gettext_lazy("What was done")),
    ("what_happened", gettext_lazy("What happened")),
    ("lessons", gettext_lazy("Lessons")),
)


# --- Fetch or refuse -------------------------------------------------------------------------


def _fetch_post(community, pk):
    post = get_object_or_404(Post.objects.select_related("author", "session"), pk=pk, community=community)
    post.community = community  # one object, so membership answers cached on it are shared
    return post


def _post(request, community, pk):
    post = _fetch_post(community, pk)
    if not permissions.can_view_post(request.user, post):
        raise Http404
    return post


def _reply(request, community, pk):
    reply = get_object_or_404(Reply.objects.select_related("post", "author"), pk=pk, post__community=community)
    reply.post.community = community
    if not permissions.can_view_post(request.user, reply.post):
        raise Http404
    if reply.is_hidden and not permissions.can_see_hidden(request.user, reply, community):
        raise Http404
    return reply


def _detail_url(slug, pk):
    return reverse("knowledge:detail", args=[slug, pk])


def _list_url(slug):
    return reverse("knowledge:list", args=[slug])


def _error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


def _member_names(community):
    """Names offered when mentioning someone with @."""
    return list(
        User.objects.active_members_of(community)
        .order_by("display_name")
        .values_list("display_name", flat=True)
    )


def _sections(values):
    """The structured parts of an experience that have text, with their headings."""
    return [(label, values.get(name)) for name, label in STRUCTURED_SECTIONS if values.get(name)]


# --- The list ----------------------------------------------------------------------------------


@require_safe
def post_list(request, slug):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    user = request.user
    may_moderate = permissions.can_moderate(user, community)
    posts = community.posts.select_related("author").prefetch_related("themes")
    if not may_moderate:
        posts = posts.visible()
    form = PostFilterForm(request.GET or None)
    unanswered_first = False
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            posts = posts.filter(kind=data["kind"])
        if data["theme"]:
            posts = posts.filter(themes__name__iexact=data["theme"].strip()).distinct()
        if data["language"]:
            posts = posts.filter(language=data["language"])
        unanswered_first = data["unanswered_first"]
    if unanswered_first:
        posts = posts.annotate(
            is_open_question=Case(
                When(kind=Post.Kind.QUESTION, reply_count=0, accepted_reply__isnull=True, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        ).order_by("-is_open_question", "-last_activity_at", "-pk")
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    for post in page.object_list:
        post.community = community
    query = request.GET.copy()
    query.pop("page", None)
    open_reports = (
        _community_reports(community).filter(status=ContentReport.Status.OPEN).count()
        if may_moderate
        else 0
    )
    return render(
        request,
        "knowledge/post_list.html",
        {
            "community": community,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": form.is_bound and form.has_changed(),
            "may_post": permissions.can_post(user, community),
            "may_moderate": may_moderate,
            "open_reports": open_reports,
        },
    )


# --- Writing posts -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def post_create(request, slug):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    permissions.require(permissions.can_post(request.user, community))
    initial = {"session": request.GET.get("session")}
    if request.GET.get("kind") in Post.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        community=community,
        instance=Post(community=community, author=request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(community=community, author=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your post is published. You will be told of replies."))
            return redirect(_detail_url(community.slug, post.pk))
    return render(request, "knowledge/post_form.html", _form_context(request, community, form))


def _form_context(request, community, form, post=None):
    return {
        "community": community,
        "form": form,
        "post": post,
        "member_names": _member_names(community),
    }


@require_http_methods(["GET", "POST"])
def post_edit(request, slug, pk):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    permissions.require(permissions.can_edit_post(request.user, post))
    # The form works on its own copy, so the page keeps the saved title if the changes are refused.
    editable = Post.objects.get(pk=post.pk)
    editable.community = community
    form = PostForm(
        request.POST or None, request.FILES or None, community=community, instance=editable,
        offer_redaction=permissions.can_redact_revision(request.user, community),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(post=post, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved. The earlier version is kept in the history."))
            return redirect(_detail_url(community.slug, post.pk))
    return render(request, "knowledge/post_form.html", _form_context(request, community, form, post))


@require_http_methods(["GET", "POST"])
def post_delete(request, slug, pk):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    permissions.require(permissions.can_delete_post(request.user, post))
    if request.method == "POST":
        try:
            services.post_delete(post=post, by=request.user)
        except ValidationError as error:
            _error_messages(request, error)
            return redirect(_detail_url(community.slug, post.pk))
        messages.success(request, _("Your post is deleted, with its replies."))
        return redirect(_list_url(community.slug))
    return render(
        request,
        "knowledge/post_delete_confirm.html",
        {"community": community, "post": post},
    )


# --- Histories, and removing text from them -----------------------------------------------------


def _history_context(request, community):
    """What every history page asks: who may remove a version's text, who still reads it."""
    return {
        "community": community,
        "may_redact": permissions.can_redact_revision(request.user, community),
        "may_see_redacted": permissions.can_see_redacted_text(request.user),
    }


@require_safe
def post_history(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    revisions = list(post.revisions.select_related("editor"))
    for revision in revisions:
        revision.sections = _sections(revision.data)
    return render(
        request,
        "knowledge/post_history.html",
        {**_history_context(request, community), "post": post, "sections": _sections(vars(post)), "revisions": revisions},
    )


@require_safe
def reply_history(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    reply = _reply(request, community, pk)
    return render(
        request,
        "knowledge/reply_history.html",
        {
            **_history_context(request, community),
            "post": reply.post,
            "reply": reply,
            "revisions": list(reply.revisions.select_related("editor")),
        },
    )


def _redact(request, community, revision, history_url, *, post, reply=None):
    """Confirm, then remove the text of one earlier version (the GET shows what goes)."""
    if revision.is_redacted and request.method == "GET":
        messages.info(request, _("The text of this version has already been removed from the history."))
        return redirect(history_url)
    form = RedactForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.revision_redact(revision=revision, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The text of this version is removed from the history."))
            return redirect(f"{history_url}#revision-{revision.pk}")
    return render(
        request,
        "knowledge/revision_redact.html",
        {
            "community": community,
            "post": post,
            "reply": reply,
            "revision": revision,
            "form": form,
            "history_url": history_url,
        },
    )


@require_http_methods(["GET", "POST"])
def post_revision_redact(request, slug, pk, revision_pk):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    permissions.require(permissions.can_redact_revision(request.user, community))
    revision = get_object_or_404(post.revisions.select_related("editor"), pk=revision_pk)
    revision.sections = _sections(revision.data)
    history_url = reverse("knowledge:history", args=[community.slug, post.pk])
    return _redact(request, community, revision, history_url, post=post)


@require_http_methods(["GET", "POST"])
def reply_revision_redact(request, slug, pk, revision_pk):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    reply = _reply(request, community, pk)
    permissions.require(permissions.can_redact_revision(request.user, community))
    revision = get_object_or_404(reply.revisions.select_related("editor"), pk=revision_pk)
    history_url = reverse("knowledge:reply-history", args=[community.slug, reply.pk])
    return _redact(request, community, revision, history_url, post=reply.post, reply=reply)


# --- A post and its replies ------------------------------------------------------------------------


@require_safe
def post_detail(request, slug, pk):
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _fetch_post(community, pk)
    if not permissions.can_view_post(request.user, post):
        if post.is_hidden and permissions.is_active_member(request.user, community):
            # A member following a link to a hidden post learns why it is gone, and nothing of its content.
            return render(request, "knowledge/post_hidden.html", {"community": community})
        raise Http404
    return _render_detail(request, community, post)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _render_detail(request, community, post, reply_form=None):
    """The post, its replies threaded one level, and the reply form (bound, after an error)."""
    user = request.user
    may_moderate = permissions.can_moderate(user, community)
    may_post = permissions.can_post(user, community)
    may_reply = permissions.can_reply(user, post)
    may_accept = permissions.can_accept_answer(user, post)
    replies = list(post.replies.select_related("author"))
    marked = (
        set(HelpfulMark.objects.filter(user=user, reply__post=post).values_list("reply_id", flat=True))
        if user.is_authenticated
        else set()
    )
    top_level_ids = {reply.pk for reply in replies if reply.parent_id is None}
    threads, children = [], defaultdict(list)
    for reply in replies:
        reply.post = post
        reply.is_accepted = reply.pk == post.accepted_reply_id
        reply.is_marked_by_me = reply.pk in marked
        reply.may_see_content = not reply.is_hidden or permissions.can_see_hidden(user, reply, community)
        reply.may_edit = permissions.can_edit_reply(user, reply)
        reply.may_mark_helpful = permissions.can_mark_helpful(user, reply)
        reply.may_accept = may_accept and not reply.is_hidden
        reply.may_respond = may_reply and not reply.is_hidden
        if reply.parent_id in top_level_ids:
            children[reply.parent_id].append(reply)
        else:
            threads.append(reply)
    for reply in threads:
        reply.thread_children = children[reply.pk]
    by_id = {reply.pk: reply for reply in replies if not reply.is_hidden}
    if may_reply and reply_form is None:
        initial = {}
        if quoted := by_id.get(_as_int(request.GET.get("quote"))):
            initial.update(quote=quoted.body[:2000], parent=quoted.pk)
        if replied := by_id.get(_as_int(request.GET.get("reply_to"))):
            initial["parent"] = replied.pk
        reply_form = ReplyForm(initial=initial, post=post)
    replying_to = by_id.get(_as_int(reply_form["parent"].value())) if reply_form is not None else None
    return render(
        request,
        "knowledge/post_detail.html",
        {
            "community": community,
            "post": post,
            "sections": _sections(vars(post)),
            "themes": list(post.themes.all()),
            "attachments": attachments_for(post),
            "threads": threads,
            "accepted": next((reply for reply in replies if reply.is_accepted), None),
            "is_following": user.is_authenticated and Follow.objects.filter(post=post, user=user).exists(),
            "reply_form": reply_form,
            "replying_to": replying_to,
            "member_names": _member_names(community) if may_reply else [],
            "may_post": may_post,
            "may_reply": may_reply,
            "may_accept": may_accept,
            "may_moderate": may_moderate,
            "may_see_hidden_note": post.is_hidden and permissions.can_see_hidden(user, post, community),
            "may_edit": permissions.can_edit_post(user, post),
            "may_delete": permissions.can_delete_post(user, post),
        },
    )


@require_POST
def reply_create(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    permissions.require(permissions.can_reply(request.user, post))
    form = ReplyForm(request.POST, post=post, instance=Reply(post=post, author=request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            reply = services.reply_create(
                post=post, author=request.user, body=data["body"], parent=data["parent"], quote=data["quote"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{_detail_url(community.slug, post.pk)}#reply-{reply.pk}")
    return _render_detail(request, community, post, reply_form=form)


@require_http_methods(["GET", "POST"])
def reply_edit(request, slug, pk):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    reply = _reply(request, community, pk)
    permissions.require(permissions.can_edit_reply(request.user, reply))
    form = ReplyEditForm(
        request.POST or None, instance=reply, offer_redaction=permissions.can_redact_revision(request.user, community)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_update(
                reply=reply, by=request.user, body=form.cleaned_data["body"],
                redact_earlier=form.cleaned_data.get("redact_earlier", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply is updated."))
            return redirect(f"{_detail_url(community.slug, reply.post_id)}#reply-{reply.pk}")
    return render(
        request,
        "knowledge/reply_form.html",
        {
            "community": community,
            "post": reply.post,
            "reply": reply,
            "form": form,
            "member_names": _member_names(community),
        },
    )


@require_POST
def helpful_toggle(request, slug, pk):
    permissions.require_sign_in(request, _list_url(slug))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    reply = _reply(request, community, pk)
    # Writers reach the service, which says why their own reply can't be marked (can_mark_helpful).
    permissions.require(permissions.can_post(request.user, community) and not reply.is_hidden)
    try:
        marked = services.helpful_toggle(reply=reply, user=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        if marked:
            messages.success(request, _("You marked this reply as helpful."))
        else:
            messages.success(request, _("Your “helpful” mark is taken back."))
    return redirect(f"{_detail_url(community.slug, reply.post_id)}#reply-{reply.pk}")


@require_POST
def answer_accept(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    permissions.require(permissions.can_accept_answer(request.user, post))
    choice = request.POST.get("reply", "")
    if choice == "none":
        reply = None
    elif choice.isdigit():
        reply = get_object_or_404(post.replies, pk=int(choice), is_hidden=False)
    else:
        raise Http404
    try:
        services.answer_accept(post=post, reply=reply, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(_detail_url(community.slug, post.pk))
    if reply is None:
        messages.success(request, _("The question has no accepted answer any more."))
        return redirect(_detail_url(community.slug, post.pk))
    messages.success(request, _("This answer is marked as the accepted one."))
    return redirect(f"{_detail_url(community.slug, post.pk)}#reply-{reply.pk}")


@require_POST
def follow_set(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    permissions.require(permissions.can_post(request.user, community))
    follow = request.POST.get("follow") == "1"
    services.follow_set(post=post, user=request.user, follow=follow)
    if follow:
        messages.success(request, _("You follow this conversation: you will be told of new replies."))
    else:
        messages.success(request, _("You no longer follow this conversation."))
    return redirect(_detail_url(community.slug, post.pk))


# --- Reports and moderation ----------------------------------------------------------------------


def _report(request, community, *, post=None, reply=None):
    permissions.require(permissions.can_post(request.user, community))
    target_post = post or reply.post
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.content_report(reporter=request.user, reason=form.cleaned_data["reason"], post=post, reply=reply)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The facilitators of the community have been told."))
            anchor = f"#reply-{reply.pk}" if reply else ""
            return redirect(f"{_detail_url(community.slug, target_post.pk)}{anchor}")
    return render(
        request,
        "knowledge/report_form.html",
        {
            "community": community,
            "post": target_post,
            "reply": reply,
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def post_report(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    return _report(request, community, post=_post(request, community, pk))


@require_http_methods(["GET", "POST"])
def reply_report(request, slug, pk):
    permissions.require_sign_in(request, _list_url(slug))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    return _report(request, community, reply=_reply(request, community, pk))


def _back_after_moderation(request, community, post, reply=None):
    if request.POST.get("from") == "reports":
        return redirect("knowledge:reports", slug=community.slug)
    anchor = f"#reply-{reply.pk}" if reply else ""
    return redirect(f"{_detail_url(community.slug, post.pk)}{anchor}")


def _hide(request, community, target, post, reply=None):
    permissions.require(permissions.can_moderate(request.user, community))
    if target.is_hidden:
        messages.info(request, _("This is already hidden."))
        return _back_after_moderation(request, community, post, reply)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.content_hide(target=target, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Hidden. Its author is told, with your note; they and the facilitators still see it.")
            )
            return _back_after_moderation(request, community, post, reply)
    return render(
        request,
        "knowledge/hide_form.html",
        {
            "community": community,
            "post": post,
            "reply": reply,
            "form": form,
            "from_reports": request.GET.get("from") == "reports" or request.POST.get("from") == "reports",
        },
    )


def _unhide(request, community, target, post, reply=None):
    permissions.require(permissions.can_moderate(request.user, community))
    services.content_unhide(target=target, by=request.user)
    messages.success(request, _("Shown again to everyone who can read the community."))
    return _back_after_moderation(request, community, post, reply)


@require_http_methods(["GET", "POST"])
def post_hide(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    return _hide(request, community, post, post)


@require_POST
def post_unhide(request, slug, pk):
    permissions.require_sign_in(request, _detail_url(slug, pk))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    post = _post(request, community, pk)
    return _unhide(request, community, post, post)


@require_http_methods(["GET", "POST"])
def reply_hide(request, slug, pk):
    permissions.require_sign_in(request, _list_url(slug))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    reply = _reply(request, community, pk)
    return _hide(request, community, reply, reply.post, reply)


@require_POST
def reply_unhide(request, slug, pk):
    permissions.require_sign_in(request, _list_url(slug))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    reply = _reply(request, community, pk)
    return _unhide(request, community, reply, reply.post, reply)


def _community_reports(community):
    return ContentReport.objects.filter(
        Q(post__community=community) | Q(reply__post__community=community) | Q(story__community=community)
    )


@require_safe
def report_list(request, slug):
    permissions.require_sign_in(request)
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    permissions.require(permissions.can_moderate(request.user, community))
    reports = list(
        _community_reports(community)
        .filter(status=ContentReport.Status.OPEN)
        .select_related("reporter", "post__author", "reply__author", "reply__post", "story__author")
        .order_by("created_at", "pk")
    )
    for report in reports:
        (report.story or report.community_post).community = community
    return render(
        request,
        "knowledge/report_list.html",
        {
            "community": community,
            "reports": reports,
        },
    )


@require_POST
def report_dismiss(request, slug, pk):
    permissions.require_sign_in(request, reverse("knowledge:reports", args=[slug]))
    community = permissions.community_or_refuse(request, slug, permissions.can_view_knowledge)
    permissions.require(permissions.can_moderate(request.user, community))
    report = get_object_or_404(_community_reports(community), pk=pk)
    services.report_dismiss(report=report, by=request.user)
    messages.success(request, _("The report is dismissed: the content stays as it is."))
    return redirect("knowledge:reports", slug=community.slug)
