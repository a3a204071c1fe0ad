import pytest

from tests.factories import make_recipe

# A small book written for the German test queries: every text is here for a reason.
CORPUS = [
    ("4.1", "Das Bürgerbüro als Anlaufstelle",
     "Im Bürgerbüro stellen Bürger ihre Anträge. Das Büro liegt an der Straße zum Rathaus.",
     {"thema": ["Bürgerservice"]}),
    ("4.2", "Öffnungszeiten",
     "Viele Bürgerbüros öffnen auch samstags. Die Verwaltungen im Kreis stimmen die Zeiten ab.",
     {"thema": ["Bürgerservice"]}),
    ("6.1", "Dokumentenmanagement und E-Akte",
     "Die E-Akte ersetzt die Papierakte; Papier bleibt nur im Archiv. "
     "Abgelegt wird nach dem Aktenplan, dem Plan der Ablage.",
     {"thema": ["Prozesse"], "stichwort": ["Aktenführung"]}),
    ("6.2", "Scannen im Posteingang",
     "Der Posteingang wird gescannt und der elektronischen Akte zugeordnet.",
     {"thema": ["Prozesse"]}),
    # Words that merely contain "akt": none of them is a hit for "Akte".
    ("6.3", "Kontakte pflegen",
     "Halten Sie Kontakt zu allen Akteuren und sammeln Sie Fakten über die Konten der Bürger.", {}),
    ("7.1", "Verwaltung im Wandel", "Die kommunale Verwaltung ändert sich schnell.", {}),
    ("7.2", "Personal gewinnen",
     "Die Personalakte wird elektronisch geführt. Die Kommunalverwaltung braucht Fachkräfte.", {}),
    # "elektronische" and "Akte" both occur, but not as the phrase.
    ("7.3", "Elektronische Vorgangsbearbeitung",
     "Die elektronische Bearbeitung braucht am Ende doch eine Akte.", {}),
    ("8.1", "Tipps für den Alltag",
     "Ein Verwaltungsakt ergeht schriftlich oder elektronisch. Die Strasse vor dem Amt ist gesperrt.", {}),
]


@pytest.fixture
def corpus(db):
    return {
        number: make_recipe(number, title, body, **tags)
        for number, title, body, tags in CORPUS
    }
