"""What the editor sees before confirming an import (pure Python over the stored preview)."""

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
