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
