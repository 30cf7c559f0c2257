from django import template
from django.utils.safestring import SafeString

from wegweiser.core.markdown import render_markdown

register = template.Library()


@register.filter
def minutes_html(text: str) -> SafeString:
    """Markdown of minutes and descriptions, sanitised."""
    return render_markdown(text or "")
