"""PDF rendering: the one place that turns a Django template into a PDF (WeasyPrint). Every app
renders through `render_pdf` (and dates the Chinese way with `chinese_date`); what a PDF holds
(a notice, a certificate, a plaque) stays in its app.

Chinese text needs a CJK font that is embedded in the file, or a reader without the font
shows empty boxes. The templates name the Noto CJK families explicitly (Debian's
fonts-noto-cjk); WeasyPrint embeds the subset of glyphs used. WeasyPrint never fetches
anything over the network here: the URL fetcher serves our static files and nothing else.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

# A font stack that names the embedded CJK fonts first; the generic families come last only so
# that a machine without Noto still prints something.
FONT_SERIF = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif'
FONT_SANS = '"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "SimHei", sans-serif'

# Relative URLs in the templates resolve against this base; the fetcher maps it to static files.
BASE_URL = "https://pdf.invalid/"


def _static_fetcher():
    """A WeasyPrint URL fetcher that serves /static/... from the static-file finders, `data:`
    URIs, and refuses everything else (no network access while rendering)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            if parts.netloc == urlsplit(BASE_URL).netloc and parts.path.startswith(prefix):
                path = finders.find(parts.path[len(prefix) :])
                if path:
                    with open(path, "rb") as handle:
                        body = handle.read()
                    mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body, {"Content-Type": mime})
            raise ValueError(f"PDF rendering does not fetch {url}")

    return StaticOnlyFetcher(allowed_protocols=("https", "data"))


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` to PDF bytes."""
    from weasyprint import HTML

    ctx = {"font_serif": FONT_SERIF, "font_sans": FONT_SANS, **context}
    html = render_to_string(template_name, ctx)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_fetcher()).write_pdf()


def chinese_date(value) -> str:
    """2020-12-20 -> '2020年12月20日' (local date)."""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"
