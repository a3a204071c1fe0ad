"""A small book in the Kochbuch's shape, and the words a parser should recover from it."""

import re

try:
    from .pdfbuilder import OL, SHY, UL, Book, Chapter, Figure, ImagePage, P, Section, Table, Tip
except ImportError:  # tests/ is not a package
    from pdfbuilder import OL, SHY, UL, Book, Chapter, Figure, ImagePage, P, Section, Table, Tip

S = SHY
SENTENCES = [
    f"Die Ver{S}wal{S}tungs{S}lei{S}tung plant die Di{S}gi{S}ta{S}li{S}sie{S}rungs{S}stra{S}te{S}gie gemeinsam mit der IT-Abteilung.",
    f"Erfah{S}rungs{S}ge{S}mäß gelingt das nur, wenn die Zu{S}stän{S}dig{S}kei{S}ten früh{S}zei{S}tig geklärt werden.",
    f"Die E-Government-Beispiele zeigen, wie IT-gestützte Ver{S}fah{S}ren den Post{S}ein{S}gang ent{S}las{S}ten.",
    f"Ein einfaches Pro{S}zess{S}mo{S}dell macht sichtbar, wo die Ein{S}gangs{S}be{S}ar{S}bei{S}tung Aufwand verursacht.",
    f"Auch kleinere Ver{S}wal{S}tun{S}gen können die Ser{S}vice{S}qua{S}li{S}tät mit ver{S}tret{S}ba{S}rem Aufwand verbessern.",
    f"Das Steu{S}e{S}rungs{S}gre{S}mi{S}um bewertet die Da{S}ten{S}schutz{S}fol{S}gen{S}ab{S}schät{S}zung vor dem Start.",
    f"Wer den Me{S}di{S}en{S}bruch vernachlässigt, riskiert Ver{S}zö{S}ge{S}run{S}gen und zu{S}sätz{S}li{S}che Kosten.",
    f"Die Kom{S}mu{S}nal{S}ver{S}wal{S}tung nutzt Online-Dienste und E-Akten für alle Ver{S}wal{S}tungs{S}kun{S}den.",
    f"Die Or{S}ga{S}ni{S}sa{S}ti{S}ons{S}ein{S}heit dokumentiert den Ge{S}schäfts{S}pro{S}zess in kleinen Schritten.",
    f"Die Pro{S}jekt{S}lei{S}tung vereinbart messbare Ziele mit dem Per{S}so{S}nal{S}rat und dem Da{S}ten{S}schutz.",
]


def para(seed: int, count: int = 6) -> P:
    picked = [SENTENCES[(seed * 7 + k * 3) % len(SENTENCES)] for k in range(count)]
    return P(" ".join(picked))


def sample_book(*, skip_section: str | None = None, image_page: bool = False) -> Book:
    """Three chapters with every kind of block the parser must handle."""
    ch1 = Chapter(
        "1", "E-Government per Kochbuch?", "Zu dieser Publikation",
        "Lesen Sie dieses Kapitel, wenn Sie wissen wollen, wie dieses Kochbuch "
        "aufgebaut ist und für wen es geschrieben wurde.",
        body=[para(1, 5)],
        sections=[
            Section("1.1", "Worum geht es?", body=[
                para(2),
                UL(["Beginnen Sie mit einer Bestandsaufnahme der vorhandenen Verfahren.",
                    "Beziehen Sie den Personalrat und den Datenschutz früh ein.",
                    "Planen Sie Schulungen für alle betroffenen Beschäftigten ein."]),
                P("Die Kommune betreibt eine Workflow- \nund Prozessplattform und viele "
                  f"E-Government-\nBeispiele sowie IT-\ngestützte Abläufe. Die Ver{S}wal{S}\ntung "
                  f"dokumentiert die Pro{S}\nzesse und die Zu{S}stän{S}dig{S}\nkeiten für alle."),
                Table([["Vorhaben", "Nutzen", "Dauer"],
                       ["Die interkommunale Zusammenarbeit", "mittel", "6 Monate"],
                       [f"Das Ver{S}än{S}de{S}rungs{S}ma{S}nage{S}ment", "hoch", "3 Monate"],
                       ["Die Informationsangebote", "gering", "2 Jahre"]]),
                para(3),
            ]),
            Section("1.2", "Ein Kochbuch?", body=[
                para(4),
                Tip("Tipp aus der Praxis",
                    "Beginnen Sie klein: Ein überschaubares Verfahren zeigt schnell, "
                    "wo der Medienbruch Aufwand verursacht und wie die Beschäftigten profitieren."),
                para(5),
                P("So gehen Sie vor:"),
                OL(["Schritt: Bestandsaufnahme der Verfahren machen.",
                    "Schritt: Ziele mit der Verwaltungsleitung vereinbaren.",
                    "Schritt: Beschäftigte schulen."]),
                para(6),
            ]),
        ],
    )
    ch2_sections = [
        Section("2.1", "E-Government praktisch: Beispiele der Modellkommunen", body=[para(7)], sections=[
            Section("2.1.1", "Das Bürgerportal der Stadt Düren", body=[para(8), Figure(
                "Abbildung: Das Bürgerportal im Überblick"), para(9)]),
            Section("2.1.2", "Online-Service Fahrerlaubnis im Ortenaukreis", body=[
                para(10), OL(["Antrag online stellen.", "Nachweise hochladen."], bold=True), para(11)]),
        ]),
        Section("2.2", "Handlungsfelder", body=[para(12, 10), para(13, 10)]),
        Section("2.3", "Unser Fokus: Kommunalverwaltung", body=[
            para(14, 9),
            Table([["Baustein", "Aufwand"]] + [[f"Baustein Nummer {n} der Planung", f"{n} Tage"] for n in range(1, 46)]),
            para(15),
        ]),
    ]
    ch2 = Chapter("2", "Appetit machen", "E-Government-Beispiele",
                  "Lesen Sie dieses Kapitel, wenn Sie Beispiele aus den Modellkommunen suchen.",
                  body=[para(16, 4)], sections=ch2_sections)
    ch3_sections = [
        Section("3.1", "Qualitätskultur entwickeln", body=[
            para(17, 8),
            Table([["Dimension", "Frage", "Messgröße"],
                   ["Qualität", "Wird der Antrag vollständig gestellt?", "Quote"],
                   ["Zeit", "Wie lange dauert die Bearbeitung?", "Tage"],
                   ["Kosten", "Was kostet ein Vorgang?", "Euro"]], grid=False),
            para(22, 3),
        ]),
        Section("3.2", "Veränderungsbereitschaft erreichen", body=[para(18, 8)]),
        Section("3.3", "Entwicklungsfähigkeit herstellen", body=[para(19, 8)]
                + ([ImagePage()] if image_page else []) + [para(20, 8)]),
    ]
    ch3 = Chapter("3", "Von der Kochkunst", "E-Government möglich machen",
                  "Lesen Sie dieses Kapitel, wenn Sie die Organisation auf E-Government vorbereiten.",
                  body=[para(21, 4)], sections=ch3_sections)
    book = Book("Wie kommunales E-Government dennoch gelingt", [ch1, ch2, ch3])
    if skip_section:
        _drop_section(book.chapters, skip_section)
    return book


def _drop_section(parents, number: str) -> None:
    for parent in parents:
        parent.sections = [s for s in parent.sections if s.number != number]
        _drop_section(parent.sections, number)


def block_words(blocks) -> list[str]:
    """Expected words of a body, flattened the way the stand-in's truth is."""
    words: list[str] = []
    for block in blocks:
        if isinstance(block, P):
            words += block.text.replace("\n", "").replace(SHY, "").split()
        elif isinstance(block, (UL, OL)):
            for item in block.items:
                words += item.split()
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    words += cell.replace(SHY, "").split()
        elif isinstance(block, Tip):
            words += block.label.split() + block.text.split()
        elif isinstance(block, Figure):
            words += block.caption.split()
        elif isinstance(block, ImagePage):
            pass
    return words


def expected_bodies(book: Book) -> dict[str, list[str]]:
    bodies = {}

    def walk(sections):
        for s in sections:
            bodies[s.number] = block_words(s.body)
            walk(s.sections)

    for ch in book.chapters:
        bodies[ch.number] = block_words(ch.body)
        walk(ch.sections)
    return bodies


def markdown_words(markdown: str) -> list[str]:
    """Words of Markdown with its syntax (quotes, list markers, emphasis, tables) stripped."""
    text = []
    for line in markdown.splitlines():
        line = re.sub(r"^(>\s?)+", "", line)
        if re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?", line.strip()):
            continue
        line = re.sub(r"^\s*(?:[-+*]|\d+\.)\s+", "", line)
        line = line.replace("|", " ")
        line = re.sub(r"(?<!\\)\*+", "", line)
        line = re.sub(r"\\(.)", r"\1", line).replace("&lt;", "<")
        text.append(line)
    return " ".join(text).split()
