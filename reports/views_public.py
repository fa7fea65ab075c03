"""The public section «Наставничество» of an organisation, without login:
/o/<slug>/nastavnichestvo/ and its pages, an RSS feed of news and a page to
embed in the school's own site.

Privacy: these pages show only what is published or marked public, and
people only through ``honour_board`` (mentors with a valid consent to
publication, the fields it allows; never minors or students). Nothing here
takes a participant object to a template.

Speed: every page is cached whole per organisation, mode and path under the
organisation's version (reports.public_cache); a repeat request makes no
database query.
"""

from functools import wraps

from csp.decorators import csp_replace
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from mentoring.models import Order, OrderStatus, Organization
from mentoring.public_cache import PAGE_TIMEOUT, page_key, public_cache_version
from mentoring.textclean import strip_control_characters

from . import vi
from .services import public_settings_for

VI_COOKIE = "vi"
VI_COOKIE_AGE = 365 * 24 * 60 * 60
NEWS_ON_PAGE = 20
NEWS_ON_HOME = 3
# Browsers and proxies may keep a page this long; the mode cookie varies it.
BROWSER_MAX_AGE = 60


def public_mode(request):
    """ "normal", or "vi-<settings>" for the version for the visually impaired
    (the settings are part of the page cache key)."""
    if request.COOKIES.get(VI_COOKIE) != "1":
        return "normal"
    return "vi-" + vi.serialize(vi.parse(request.COOKIES.get(vi.PREFS_COOKIE)))


def public_page(view):
    """Serve the page from the cache, or build and cache it."""

    @wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        mode = public_mode(request)
        request.public_mode = mode
        key = page_key(slug, public_cache_version(slug), mode, request.get_full_path())
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, slug, *args, **kwargs)
            if response.status_code == 200 and not getattr(response, "streaming", False):
                cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
        response["Vary"] = "Cookie"
        return response

    return require_GET(wrapped)


def _section(request, slug, flag=None):
    """The organisation and its settings; 404 for an unknown organisation, a
    department, a closed section or a page the methodist switched off."""
    org = get_object_or_404(Organization.objects.select_related("public_settings"), slug=slug)
    if org.is_department:
        raise Http404
    settings = public_settings_for(org)
    if not settings.is_enabled or (flag and not getattr(settings, flag)):
        raise Http404
    return org, settings


def _render(request, template, org, settings, context=None, *, active=""):
    return render(
        request,
        template,
        {
            "org": org,
            "organization": org,
            "public": settings,
            "vi": request.public_mode.startswith("vi"),
            # Pictures are left out of the page in the version for the visually
            # impaired unless the visitor turned them on.
            "hide_images": request.public_mode.startswith("vi")
            and vi.parse(request.COOKIES.get(vi.PREFS_COOKIE))["images"] == "off",
            "active": active,
            **(context or {}),
        },
    )


def public_orders(org):
    """Approved orders the methodist marked public. Only the text is shown:
    the appendix of a pairing order names children, so it is never public."""
    return Order.objects.filter(
        organization=org, status=OrderStatus.APPROVED, is_public=True
    ).order_by("-signed_on", "-sequence")


def public_roadmap(org, settings):
    """The roadmap in force from the roadmaps app: the plan, and its live
    progress only when the organisation publishes it (show_roadmap_progress)."""
    from .integrations import public_roadmap as roadmap

    if not settings.show_roadmap:
        return None
    return roadmap(org, timezone.localdate(), with_progress=settings.show_roadmap_progress)


def _public_news(org, items, settings=None):
    """The published news items whose texts may still be shown: an item
    naming a person whose consent was withdrawn after publication leaves
    every public page at once — list, item, home, embed, RSS (152-ФЗ
    ст. 10.1 ч. 12-13). ``settings``: the section's settings, when the news
    block may be switched off."""
    from mentoring.services.publication import NEWS_FIELDS, still_publishable

    if settings is not None and not settings.show_news:
        return []
    return still_publishable(org, items, NEWS_FIELDS)


@public_page
def public_home(request, slug):
    org, settings = _section(request, slug)
    from mentoring.models.activities import News

    news = _public_news(org, News.objects.published_for(org)[:NEWS_ON_HOME], settings)
    return _render(
        request,
        "public/home.html",
        org,
        settings,
        {"news": news, "roadmap": public_roadmap(org, settings)},
        active="home",
    )


@public_page
def public_documents(request, slug):
    org, settings = _section(request, slug)
    if not (settings.show_documents or settings.show_roadmap):
        raise Http404
    orders = list(public_orders(org)) if settings.show_documents else []
    roadmap = public_roadmap(org, settings)
    from .integrations import approved_regulation

    regulation = approved_regulation(org) if settings.show_documents else None
    return _render(
        request,
        "public/documents.html",
        org,
        settings,
        {"orders": orders, "roadmap": roadmap, "regulation": regulation},
        active="documents",
    )


@public_page
def public_regulation(request, slug):
    """The approved Положение о наставничестве, as approved (frozen version)."""
    org, settings = _section(request, slug, "show_documents")
    from .integrations import approved_regulation

    regulation = approved_regulation(org)
    if regulation is None:
        raise Http404
    sections = [
        (s["heading"], [p.strip() for p in s["text"].split("\n\n") if p.strip()])
        for s in regulation.approved_version.sections
    ]
    return _render(
        request,
        "public/regulation.html",
        org,
        settings,
        {"regulation": regulation, "sections": sections},
        active="documents",
    )


@public_page
def public_order(request, slug, pk):
    org, settings = _section(request, slug, "show_documents")
    order = get_object_or_404(public_orders(org), pk=pk)
    return _render(
        request, "public/order.html", org, settings, {"order": order}, active="documents"
    )


@public_page
def public_news(request, slug):
    org, settings = _section(request, slug, "show_news")
    from mentoring.models.activities import News

    news = _public_news(org, News.objects.published_for(org)[:NEWS_ON_PAGE])
    return _render(request, "public/news.html", org, settings, {"news": news}, active="news")


@public_page
def public_news_detail(request, slug, pk):
    org, settings = _section(request, slug, "show_news")
    from mentoring.models.activities import News

    item = get_object_or_404(News.objects.published_for(org), pk=pk)
    if not _public_news(org, [item]):
        raise Http404
    return _render(request, "public/news_detail.html", org, settings, {"item": item}, active="news")


@public_page
def public_practices(request, slug):
    org, settings = _section(request, slug, "show_practices")
    from mentoring.models.activities import Practice
    from mentoring.services.publication import still_publishable

    practices = still_publishable(
        org,
        Practice.objects.published_for(org),
        {
            "Название": "title",
            "Авторы": "authors",
            "Описание": "description",
            "Результаты": "results",
        },
    )
    return _render(
        request,
        "public/practices.html",
        org,
        settings,
        {"practices": practices},
        active="practices",
    )


@public_page
def public_honour_board(request, slug):
    org, settings = _section(request, slug, "show_honour_board")
    from mentoring.services.activities import honour_board

    return _render(
        request,
        "public/honour_board.html",
        org,
        settings,
        {"board": honour_board(org)},
        active="honour_board",
    )


@public_page
def public_materials(request, slug):
    org, settings = _section(request, slug, "show_materials")
    from mentoring.models.activities import Material
    from mentoring.services.publication import still_publishable

    materials = still_publishable(
        org, Material.objects.public_for(org), {"Название": "title", "Описание": "description"}
    )
    return _render(
        request,
        "public/materials.html",
        org,
        settings,
        {"materials": materials},
        active="materials",
    )


@csp_replace({"frame-ancestors": ["*"]})
@xframe_options_exempt
@public_page
def public_embed(request, slug):
    """A small page a school puts into its site in an <iframe>: the only page
    of the project that may be framed."""
    org, settings = _section(request, slug)
    from mentoring.models.activities import News

    news = _public_news(org, News.objects.published_for(org)[:NEWS_ON_HOME], settings)
    return _render(request, "public/embed.html", org, settings, {"news": news})


@require_GET
def public_mode_switch(request, slug):
    """Turn the version for the visually impaired on or off, or change its
    settings (``?on=1&size=2&scheme=wb&images=on&spacing=3``, see reports/vi.py;
    cookies, no JavaScript needed) and go back to the page."""
    get_object_or_404(Organization, slug=slug)
    target = request.GET.get("next") or reverse("reports:public_home", args=[slug])
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("reports:public_home", args=[slug])
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(VI_COOKIE, "1", max_age=VI_COOKIE_AGE, samesite="Lax")
        prefs = vi.updated(vi.parse(request.COOKIES.get(vi.PREFS_COOKIE)), request.GET)
        response.set_cookie(
            vi.PREFS_COOKIE, vi.serialize(prefs), max_age=VI_COOKIE_AGE, samesite="Lax"
        )
    else:
        # The settings stay for the next time the version is turned on.
        response.delete_cookie(VI_COOKIE, samesite="Lax")
    return response


class NewsFeed(Feed):
    """RSS of the organisation's published news."""

    def get_object(self, request, slug):
        org, _settings = _section(request, slug, "show_news")
        return org

    # Every text goes through strip_control_characters: XML 1.0 forbids
    # control characters, and one stored before they were cleaned on save
    # must not make the feed fail for everyone.
    def title(self, org):
        return strip_control_characters(f"Наставничество — {org.short_name}: новости")

    def link(self, org):
        return reverse("reports:public_news", args=[org.slug])

    def description(self, org):
        return strip_control_characters(f"Новости программы наставничества: {org.name}")

    def items(self, org):
        from mentoring.models.activities import News

        return _public_news(
            org, News.objects.published_for(org).select_related("organization")[:NEWS_ON_PAGE]
        )

    def item_title(self, item):
        return strip_control_characters(item.title)

    def item_description(self, item):
        return strip_control_characters(Truncator(item.body).words(60))

    def item_link(self, item):
        return reverse("reports:public_news_detail", args=[item.organization.slug, item.pk])

    def item_pubdate(self, item):
        return item.published_at or timezone.now()


news_feed = public_page(NewsFeed())
