"""What the editor sees before confirming an import (pure Python over the stored preview)."""

from editions.forecast import DECISIONS, ItemForecast, forecast_import
from proposals.diffs import shown_diff
from recipes.models import Chapter, Recipe

SAMPLE_CHARS = 220


def preview_summary(preview: dict) -> dict:
    headings = preview["headings"]
    rows = []
    for heading in headings:
        text = " ".join(heading.get("markdown", "").split())
        pages = heading.get("page")
        if heading.get("page_end") and heading["page_end"] != pages:
            pages = f"{pages}–{heading['page_end']}"
        rows.append({
            "level": heading["level"], "number": heading["number"], "title": heading["title"],
            "subtitle": heading.get("subtitle") or "", "pages": pages,
            "words": len(text.split()),
            "sample": text[:SAMPLE_CHARS] + ("…" if len(text) > SAMPLE_CHARS else ""),
        })
    return {
        "pages": preview.get("pages"),
        "chapters": sum(1 for row in rows if row["level"] == 1),
        "recipes": sum(1 for row in rows if row["level"] > 1),
        "rows": rows,
        "warnings": preview.get("warnings", []),
    }


# --- The forecast: what applying the import would do ----------------------------------------

def forecast_store(job, *, chapters, recipes, now):
    """Compute what applying ``job`` would do and keep it (with the editor's decisions so far)."""

    items = forecast_import(chapters=chapters, recipes=recipes)
    decisions = (job.forecast or {}).get("decisions", {})
    job.forecast = {"items": [item.as_dict() for item in items], "decisions": decisions,
                    "computed_at": now.isoformat()}


def forecast_items(job):
    """The stored forecast as ``ItemForecast`` objects, with each item's chosen decision."""

    data = job.forecast or {}
    decisions = data.get("decisions", {})
    items = []
    for raw in data.get("items", []):
        raw = {key: value for key, value in raw.items() if key != "key"}
        item = ItemForecast(**raw)
        chosen = decisions.get(item.key, item.default_decision)
        item.decision = chosen if chosen in item.choices else item.default_decision
        items.append(item)
    return items


def decisions_from_post(job, data) -> dict:
    """The editor's choices from the preview form: per item ("wahl-recipe-1.1"), or for a whole
    chapter ("kapitel-3"), which wins over the items of that chapter the page showed."""

    items = forecast_items(job)
    decisions = dict((job.forecast or {}).get("decisions", {}))
    for item in items:
        chosen = data.get(f"wahl-{item.key}")
        if chosen in DECISIONS and chosen in item.choices:
            decisions[item.key] = chosen
    for item in items:
        chosen = data.get(f"kapitel-{item.chapter_number}")
        shown = f"wahl-{item.key}" in data  # only the items the (filtered) page showed
        if chosen in DECISIONS and shown:
            decisions[item.key] = chosen if chosen in item.choices else item.default_decision
    return decisions


def forecast_chapters(job, *, outcome=None, chapter=None, with_diffs=True):
    """Items grouped by chapter for the preview page, filtered by outcome and chapter, with the
    diff of what the site's text would become."""

    items = forecast_items(job)
    texts = {}
    for heading in (job.preview or {}).get("headings", []):
        kind = "chapter" if heading["level"] == 1 else "recipe"
        texts[f"{kind}-{heading['number']}"] = heading
    shown = [item for item in items
             if (not outcome or item.outcome == outcome) and (not chapter or item.chapter_number == chapter)]
    site = {}
    if with_diffs:
        numbers = [item.number for item in shown if item.kind == "recipe"]
        site.update({f"recipe-{r.number}": {"title": r.title, "body": r.body}
                     for r in Recipe.objects.filter(number__in=numbers).only("number", "title", "body")})
        chapter_numbers = [int(item.number) for item in shown if item.kind == "chapter"]
        site.update({f"chapter-{c.number}": {"title": c.title, "body": c.intro}
                     for c in Chapter.objects.filter(number__in=chapter_numbers).only("number", "title", "intro")})
    groups, by_chapter = [], {}
    for item in shown:
        if with_diffs and item.outcome != "unchanged":
            heading = texts.get(item.key, {})
            new = {"title": item.title, "body": heading.get("markdown", "")}
            if item.merged:  # a recipe's body, a chapter's introduction
                new = {"title": item.merged["title"], "body": item.merged.get("body", item.merged.get("intro", ""))}
            item.diff = shown_diff(site.get(item.key, {}), new)
        group = by_chapter.get(item.chapter_number)
        if group is None:
            title = texts.get(f"chapter-{item.chapter_number}", {}).get("title", "")
            group = by_chapter[item.chapter_number] = {"number": item.chapter_number, "title": title, "items": []}
            groups.append(group)
        group["items"].append(item)
    return groups
