"""Merging a change written on an old version into the current one (used by edits and proposals).

Each merged field (title, body) is merged three-way with ``textdiff.merge3``. When any
field has conflicts that the editor has not (validly) resolved, ``EditConflict`` carries all
merges so the page can show every conflict side by side at once. Nothing is applied half.
"""

from recipes.versions import history_entry
from textdiff import MergeResult, merge3

MERGED_FIELDS = ("title", "body")


class EditConflict(Exception):
    def __init__(self, merges: dict[str, MergeResult], current_version_id: int):
        super().__init__("Die Änderungen überschneiden sich mit einer neueren Fassung.")
        self.merges = merges  # field → merge with conflicts
        self.current_version_id = current_version_id


def merge_fields(*, base: dict, current: dict, mine: dict, current_version_id: int,
                 resolutions: dict | None = None) -> dict:
    """The merged fields; ``resolutions`` maps field → {conflict id → choice}."""
    resolutions = resolutions or {}
    merged, conflicting, unresolved = {}, {}, False
    for field in MERGED_FIELDS:
        result = merge3(base.get(field, ""), current[field], mine[field])
        if result.clean:
            merged[field] = result.text
            continue
        conflicting[field] = result
        try:
            merged[field] = result.resolve(resolutions.get(field) or {})
        except ValueError:
            unresolved = True
    if unresolved:
        raise EditConflict(conflicting, current_version_id)
    return merged


def parse_resolutions(data) -> dict:
    """Choices from a conflict form: ``konflikt-<field>-<id>`` = current/proposed/both/custom,
    with the own text in ``eigener-<field>-<id>``."""
    resolutions: dict = {}
    for key, choice in data.items():
        if not key.startswith("konflikt-"):
            continue
        _, field, conflict_id = key.split("-", 2)
        if field not in MERGED_FIELDS or not conflict_id.isdigit():
            continue
        if choice == "custom":
            choice = data.get(f"eigener-{field}-{conflict_id}", "")
        elif choice not in {"current", "proposed", "both"}:
            continue
        resolutions.setdefault(field, {})[int(conflict_id)] = choice
    return resolutions


def conflict_page_context(recipe, conflict: EditConflict) -> dict:
    """What a page needs to show an edit conflict: every field's conflicts, the version they are
    resolved against, and who saved that version when (people deserve to know whose change
    overlaps theirs, not "jemand anderes")."""
    return {
        "conflict_fields": [(field, merge.conflicts) for field, merge in conflict.merges.items()],
        "current_version": conflict.current_version_id,
        "conflict_saved": history_entry(recipe, conflict.current_version_id),
    }
