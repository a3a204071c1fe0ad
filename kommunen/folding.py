"""Names compared the way people type them: case and umlaut spelling do not matter."""

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """``"Düren"``, ``"dueren"`` and ``" DÜREN "`` all become ``"dueren"``."""
    return " ".join((text or "").lower().translate(UMLAUTS).split())
