"""Open data for crawlers: robots.txt and sitemap.xml (chapters, recipes, editions)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET

from editions.models import Edition
from kochbuch.pagecache import anonymous_page_cache
from recipes.models import Chapter, Recipe

# Pages only for signed-in people or forms: nothing for a search engine there.
DISALLOWED = ["/konto/", "/verwaltung/", "/profil/", "/moderation/", "/vorschlaege/", "/redaktion/"]


@require_GET
def robots_txt(request):
    base = f"{request.scheme}://{request.get_host()}"
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in DISALLOWED], "",
             f"Sitemap: {base}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@anonymous_page_cache
def sitemap_xml(request):
    """Every chapter, recipe and edition, in three queries whatever the size of the book."""
    base = f"{request.scheme}://{request.get_host()}"
    entries = [(reverse("book"), None), (reverse("edition_list"), None)]
    entries += [(chapter.get_absolute_url(), None) for chapter in Chapter.objects.in_order().only("slug")]
    entries += [(recipe.get_absolute_url(), recipe.updated_at)
                for recipe in Recipe.objects.in_reading_order().only("slug", "updated_at")]
    entries += [(edition.get_absolute_url(), None) for edition in Edition.objects.only("slug")]
    urls = []
    for path, modified in entries:
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        urls.append(f"<url><loc>{escape(base + path)}</loc>{lastmod}</url>")
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n")
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["X-Licence"] = settings.SITE_LICENCE
    return response
