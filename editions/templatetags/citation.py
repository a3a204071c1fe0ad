"""``{% recipe_citation recipe %}``: how to cite the version shown, and the recipe as PDF."""

from django import template

from editions.recipe_print import recipe_citation as citation_of

register = template.Library()


@register.inclusion_tag("editions/_recipe_citation.html")
def recipe_citation(recipe):
    return {"recipe": recipe, "citation": citation_of(recipe)}
