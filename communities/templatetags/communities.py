"""Template helpers: safe Markdown, and the permission questions asked in templates."""

from django import template

from communities import permissions
from communities.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.simple_tag
def may(question, user, obj):
    """{% may "manage_community" user community as can_manage %}: asks communities.permissions."""
    return getattr(permissions, f"can_{question}")(user, obj)


@register.simple_tag
def community_tabs(community):
    """Tabs that upper apps add to a community's pages (see communities.registry)."""
    from django.urls import reverse

    from communities import registry

    return [
        {"label": label, "url": reverse(url_name, args=[community.slug]), "namespace": namespace}
        for label, url_name, namespace in registry.community_tabs
    ]
