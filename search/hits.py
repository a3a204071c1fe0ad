"""The results page's hits as HTML, built in Python.

Why not a template: a hit's template (an include with a branch per kind and its translated
lines) cost about 0.1 ms per hit, 2 ms for a page of 20 hits, more than the search itself
(bench/load.py, issue 13). This builds the same markup with ``format_html``, which escapes
every value; the title, snippet and tag lines are already escaped and marked
(``search.snippets``). ``templates/search/search_results.html`` places the result.
"""

from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from search.engine import Hit
from search.models import SearchDocument


def _heading(hit: Hit) -> tuple[str, str]:
    """(the link's content, the line below it) for the hit's kind."""
    document = hit.document
    if document.kind == SearchDocument.Kind.COMMENT:
        comment = document.comment
        target = comment.recipe if comment.recipe_id else None
        if target is not None:
            about = _("zu %(number)s %(title)s") % {"number": target.number, "title": target.title}
        else:
            about = _("zu Kapitel %(number)s. %(title)s") % {
                "number": comment.chapter.number, "title": comment.chapter.title}
        created = template_localtime(comment.created_at)
        meta = format_html('{} · <time datetime="{}">{}</time>', about, date_filter(created, "c"),
                           date_filter(created, "j. F Y"))
        return format_html("{}", _("Kommentar von %(name)s") % {"name": comment.author_name}), meta
    if document.kind == SearchDocument.Kind.PRACTICE:
        report = document.practice_report
        about = _("Erfahrungsbericht zu %(number)s %(title)s") % {
            "number": report.recipe.number, "title": report.recipe.title}
        return hit.title_html, format_html("{} · {}", about, report.get_status_display())
    if not document.recipe_id:
        return (format_html('{} <span class="num">{}</span> {}', _("Kapitel"), document.number, hit.title_html),
                format_html("{}", _("Einleitung des Kapitels")))
    return format_html('<span class="num">{}</span> {}', document.number, hit.title_html), ""


def hit_html(hit: Hit, *, edition=None) -> SafeString:
    document = hit.document
    title, meta = _heading(hit)
    if document.kind == SearchDocument.Kind.RECIPE and document.recipe_id:
        chapter = document.chapter
        parts = []
        if chapter:
            parts.append(format_html("{}", _("Kapitel %(number)s · %(title)s") % {
                "number": chapter.number, "title": chapter.title}))
        if edition:
            parts.append(format_html(" · {}", edition.name))
        meta = mark_safe("".join(parts))  # nosec B308 B703 (format_html escaped each part)
    html = [format_html('<li class="search-hit"><h2 class="search-hit__title"><a href="{}">{}</a></h2>',
                        hit.url, title)]
    html.append(format_html('<p class="search-hit__meta">{}</p>', meta))
    if hit.tags_html:
        html.append(format_html('<p class="search-hit__tags">{} {}</p>', _("Schlagwort:"), hit.tags_html))
    if hit.snippet_html:
        html.append(format_html('<p class="search-hit__snippet">{}</p>', hit.snippet_html))
    html.append("</li>")
    return mark_safe("".join(html))  # nosec B308 B703 (format_html escaped every value)


def hits_html(hits, *, edition=None) -> SafeString:
    return mark_safe("".join(hit_html(hit, edition=edition) for hit in hits))  # nosec B308 B703 (see hit_html)
