"""PDF documents from HTML templates (WeasyPrint)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict, *, language: str) -> bytes:
    """Render ``template`` in ``language`` and return the PDF bytes."""
    from weasyprint import HTML  # imported lazily: loading the fonts stack is slow

    with translation.override(language):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
