"""Which register entry a free-text "Institution/Kommune" means, if it clearly means one.

Used by the migration that gave profiles their Kommune; the text itself stays as it was.
"""

import re

from kommunen.folding import fold

# Words people put before a place's name that the register does not have.
PREFIXES = re.compile(r"^(stadtverwaltung|gemeindeverwaltung|kreisverwaltung|verwaltung|"
                      r"landeshauptstadt|hansestadt|stadt|gemeinde|markt|kreisstadt)\s+")


def candidates(text: str) -> list[str]:
    """The folded names ``text`` may stand for: as written, and without a leading "Stadt" etc."""
    name = fold(text)
    names = [name]
    stripped = PREFIXES.sub("", name)
    if stripped != name:
        names.append(stripped)
    return [name for name in names if name]


def match(Kommune, text: str, bundesland: str = ""):
    """The one Kommune ``text`` names (within ``bundesland`` when given), or None when none
    or several do: a guess would put people into the wrong place."""
    for name in candidates(text):
        found = Kommune.objects.filter(search_name=name)
        if bundesland:
            found = found.filter(bundesland=bundesland)
        found = list(found[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    return None
