from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from accounts.roles import perm
from kochbuch.fragments import reading_page_cache
from recipes import pages
from recipes.actions import reader_actions
from recipes.models import Chapter, ChapterAlias, Recipe, RecipeAlias, Tag
from recipes.outline import build_outline, group_by_chapter
from recipes.rendering import render_markdown
from recipes.wikilinks import link_index, missing_links_to_proposals


def with_proposal_links(user, context, chapter):
    """For people who may propose, links to missing recipes in the page's text (the discussion's
    body, see comments) lead to "Neues Rezept vorschlagen"."""
    discussion = context.get("discussion")
    if (discussion is not None and user.is_authenticated and user.has_perm(perm("propose"))
            and "wikilink-missing" in discussion.body):
        discussion.body = mark_safe(missing_links_to_proposals(  # nosec B308 B703 (escaped, see there)
            discussion.body, propose_url=reverse("proposal_create_recipe", args=[chapter.slug])))
    return context


@reading_page_cache
def book(request):
    """The start page: the book's title and the table of contents of all chapters."""
    chapters = list(Chapter.objects.in_order())
    recipes_by_chapter = group_by_chapter(
        pages.listing_queryset(Recipe.objects.for_listing().filter(parent=None))
    )
    toc = [(chapter, recipes_by_chapter.get(chapter.pk, [])) for chapter in chapters]
    return render(request, "recipes/book.html", {"toc": toc})


@reading_page_cache
def chapter_detail(request, slug):
    chapter = pages.detail_queryset(Chapter.objects.filter(slug=slug), kind="chapter").first()
    if chapter is None:
        alias = get_object_or_404(ChapterAlias.objects.select_related("chapter"), slug=slug)
        return redirect(alias.chapter, permanent=True)
    recipes = list(pages.listing_queryset(chapter.recipes.for_listing()))
    intro = render_markdown(chapter.intro)
    return render(request, "recipes/chapter_detail.html", {
        "chapter": chapter,
        "actions": reader_actions(request.user, kind="chapter"),
        "intro": intro,
        "outline": build_outline(recipes),
        **with_proposal_links(request.user, pages.page_context(request, chapter, intro), chapter),
    })


@reading_page_cache
def recipe_detail(request, slug):
    recipe = pages.detail_queryset(
        Recipe.objects.select_related("chapter", "parent").prefetch_related("tags").filter(slug=slug),
        kind="recipe",
    ).first()
    if recipe is None:
        alias = get_object_or_404(RecipeAlias.objects.select_related("recipe"), slug=slug)
        return redirect(alias.recipe, permanent=True)
    previous, next_ = link_index().neighbours(recipe.number)
    body = render_markdown(recipe.body)
    return render(request, "recipes/recipe_detail.html", {
        "recipe": recipe,
        "chapter": recipe.chapter,
        "body": body,
        **with_proposal_links(request.user, pages.page_context(request, recipe, body), recipe.chapter),
        "previous": previous,
        "next": next_,
        "actions": reader_actions(request.user, kind="recipe"),
    })


def recipe_by_number(request, number):
    """Citations like "Abschnitt 7.1.3": the recipe with that number now, or that had it."""
    recipe = Recipe.objects.filter(number=number).only("slug").first()
    if recipe is None:
        alias = RecipeAlias.objects.select_related("recipe").filter(number=number).first()
        if alias is None:
            raise Http404(f"Abschnitt {number} gibt es nicht.")
        recipe = alias.recipe
    return redirect(recipe)


def tag_detail(request, kind, slug):
    tag = Tag.objects.filter(kind=kind, slug=slug).first()
    if tag is None:
        # A link from before umlauts were spelled out ("kuche" for "Küche"): tags keep no
        # aliases, their old address is still the plain slugify of their name.
        old_form = next((t for t in Tag.objects.filter(kind=kind) if slugify(t.name) == slug), None)
        if old_form is None:
            raise Http404("Dieses Schlagwort gibt es nicht.")
        return redirect(old_form, permanent=True)
    recipes = tag.recipes.for_listing().select_related("chapter")
    return render(request, "recipes/tag_detail.html", {"tag": tag, "recipes": recipes})
