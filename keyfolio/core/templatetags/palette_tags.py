from django import template
from django.utils.html import format_html, format_html_join

from keyfolio.core.palette import css_variables

register = template.Library()


@register.simple_tag
def palette_style() -> str:
    """The palette as a <style> block of CSS custom properties, for a page's <head>.

    Inline styles are allowed by the Content-Security-Policy (only scripts are not), and
    WeasyPrint reads the block as well when it sets the brief as a PDF."""
    rules = format_html_join(" ", "{}: {};", css_variables().items())
    return format_html("<style>:root {{ {} }}</style>", rules)
