"""Rendering of printable documents (WeasyPrint)."""

from django.template.loader import render_to_string


def render_pdf(template, context, *, base_url="file:///", request=None):
    """Render a Django template to PDF bytes.

    The document may load local files only (the fonts under
    /usr/share/fonts): refusing other protocols keeps a URL that slips into
    a user's text from being fetched by the server.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    fetcher = URLFetcher(allowed_protocols=("file",))
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
