"""Nesting a flat, reading-ordered list of recipes into the book's outline (pure Python)."""

from dataclasses import dataclass, field


@dataclass
class OutlineNode:
    recipe: object
    children: list["OutlineNode"] = field(default_factory=list)


def build_outline(recipes) -> list[OutlineNode]:
    """Nodes for recipes in reading order; a recipe hangs under its parent when present."""
    nodes = {recipe.pk: OutlineNode(recipe) for recipe in recipes}
    roots = []
    for recipe in recipes:
        parent = nodes.get(recipe.parent_id)
        (parent.children if parent else roots).append(nodes[recipe.pk])
    return roots


def group_by_chapter(recipes) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for recipe in recipes:
        grouped.setdefault(recipe.chapter_id, []).append(recipe)
    return grouped
