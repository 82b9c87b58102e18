"""Asking to run a community, and the platform admins' answer.

The refusal on "Start a community" is where people ask; platform admins answer from the
notification (the request's page) or from Django admin, in one step either way.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions, services
from ..forms import StartRequestDecisionForm, StartRequestForm
from ..models import CommunityStartRequest


def refusal(request, form=None, status=403):
    """What "Start a community" answers someone who may not (yet): the way to ask."""
    pending = CommunityStartRequest.objects.filter(
        requester=request.user, status=CommunityStartRequest.Status.PENDING
    ).first()
    last_declined = (
        None if pending else CommunityStartRequest.objects.filter(
            requester=request.user, status=CommunityStartRequest.Status.DECLINED
        ).first()
    )
    return render(
        request,
        "communities/start_request_form.html",
        {"form": form or StartRequestForm(), "pending": pending, "last_declined": last_declined},
        status=status,
    )


@login_required
@require_POST
def start_request_new(request):
    if not permissions.can_ask_to_run_a_community(request.user):
        messages.info(request, _("You can already start communities."))
        return redirect("communities:create")
    pending = CommunityStartRequest.objects.filter(requester=request.user, status=CommunityStartRequest.Status.PENDING).first()
    if pending:
        messages.info(request, _("You have already asked; the platform admins will answer your request."))
        return redirect(pending)
    form = StartRequestForm(request.POST)
    if form.is_valid():
        try:
            start_request = services.start_request_send(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request has been sent to the platform admins. You will be told of their answer."))
            return redirect(start_request)
    return refusal(request, form, status=400)


@login_required
def start_request_list(request):
    permissions.require(permissions.can_decide_start_requests(request.user))
    requests = CommunityStartRequest.objects.select_related("requester", "decided_by").order_by("-status", "-created_at")
    page = Paginator(requests, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "communities/start_request_list.html", {"page": page, "query": query.urlencode()})


@login_required
@require_http_methods(["GET", "POST"])
def start_request_detail(request, pk):
    start_request = get_object_or_404(CommunityStartRequest.objects.select_related("requester", "decided_by"), pk=pk)
    permissions.require(permissions.can_view_start_request(request.user, start_request))
    may_decide = permissions.can_decide_start_requests(request.user) and start_request.is_pending
    form = StartRequestDecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        permissions.require(permissions.can_decide_start_requests(request.user))
        if form is None:
            messages.error(request, _("This request has already been answered."))
            return redirect(start_request)
        if form.is_valid():
            try:
                services.start_request_decide(start_request=start_request, by=request.user, **form.service_fields())
            except ValidationError as error:
                form.add_error("reason" if hasattr(error, "error_dict") else None, error.messages[0])
            else:
                messages.success(request, _("Your answer has been sent to %(name)s.") % {"name": start_request.requester.display_name})
                return redirect("communities:start-requests")
    return render(
        request,
        "communities/start_request_detail.html",
        {"start_request": start_request, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
