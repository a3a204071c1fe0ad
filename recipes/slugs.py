"""Addresses from German titles: "Die Küche einrichten" → "die-kueche-einrichten".

Django's ``slugify`` drops what ASCII lacks ("kuche", "strasse" but "masse" for "Maße"), which
reads wrong and merges distinct words; German spells umlauts out as ae/oe/ue and ß as ss.
"""

from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
})


def german_slugify(text: str) -> str:
    return slugify(text.translate(GERMAN_TRANSLITERATION))
