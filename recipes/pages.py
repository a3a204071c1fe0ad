"""What the apps above recipes add to its reading pages, without recipes importing them.

The start page, the chapter pages and the recipe pages belong to recipes, the bottom layer. The
comments app, above it, puts a discussion under every chapter and recipe and comment counts into
the tables of contents: it registers a ``ReadingPageExtension`` here in its AppConfig.ready().
The hooks work on the page's own query (annotations), so a discussion costs no query per recipe.
"""


class ReadingPageExtension:
    """The hooks with their do-nothing defaults; an app overrides what it needs."""

    def detail_queryset(self, queryset, *, kind: str):
        """The query of a chapter page (``kind`` "chapter") or a recipe page ("recipe")."""
        return queryset

    def listing_queryset(self, queryset):
        """The recipes listed in a table of contents."""
        return queryset

    def context(self, request, target, rendered) -> dict:
        """What the template of a chapter or recipe page gets besides the text."""
        return {}


_extensions: list[ReadingPageExtension] = []


def register(extension: ReadingPageExtension) -> None:
    """Add ``extension`` to every reading page (once per class, however often ready() runs)."""
    if not any(type(known) is type(extension) for known in _extensions):
        _extensions.append(extension)


def detail_queryset(queryset, *, kind: str):
    for extension in _extensions:
        queryset = extension.detail_queryset(queryset, kind=kind)
    return queryset


def listing_queryset(queryset):
    for extension in _extensions:
        queryset = extension.listing_queryset(queryset)
    return queryset


def page_context(request, target, rendered) -> dict:
    context = {}
    for extension in _extensions:
        context.update(extension.context(request, target, rendered))
    return context
