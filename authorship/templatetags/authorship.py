"""``{% authorship_summary recipe %}``: "Zuletzt bearbeitet von … am …" and "Mitgeschrieben
haben N Personen aus M Kommunen" for the recipe page.

Kept in the cache per version of the recipe (its ``updated_at``), so the recipe page costs no
query for it once a reader has seen that version; people's names follow within minutes.
"""

from django import template
from django.core.cache import cache
from django.urls import reverse

from authorship.queries import recipe_authors

register = template.Library()

TIMEOUT = 600


def summary(recipe) -> dict:
    key = f"authorship:summary:{recipe.pk}:{recipe.updated_at.timestamp()}"
    data = cache.get(key)
    if data is None:
        result = recipe_authors(recipe)
        revision = result.version.revision
        user = revision.user
        stored = result.version.authorship
        if stored.source or user is None:
            editor = {"name": stored.source or "Quelle", "url": "", "kommune": "", "source": True}
        else:
            editor = {"name": str(user.public_name), "url": user.get_absolute_url(),
                      "kommune": user.institution if user.show_institution else "", "source": False}
        data = {
            "editor": editor,
            "edited_at": revision.date_created,
            "persons": len(result.persons),
            "kommunen": len(result.kommunen),
            "url": reverse("recipe_authorship", args=[recipe.slug]),
        }
        cache.set(key, data, TIMEOUT)
    return data


@register.inclusion_tag("authorship/_summary.html")
def authorship_summary(recipe):
    return {"summary": summary(recipe)}
