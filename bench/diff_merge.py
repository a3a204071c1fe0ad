"""Benchmark of the text diff and merge engine (textdiff).

Generates German administrative Markdown of 1,000 and 5,000 words, applies 10/50/200
scattered word edits and prints the best time of diff_tokens, html_diff (on a crude
rendering), hunks and merge3. Current and proposed edit disjoint halves of the sentences, so
every merge must come out clean and equal to both edit sets applied ("clean, exact").

    .venv/bin/python bench/diff_merge.py [--repeat N]
"""

import argparse
import html
import random
import re
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textdiff import diff_tokens, html_diff, hunks, merge3, tokenize  # noqa: E402
from textdiff.sentences import sentence_ids  # noqa: E402
from textdiff.tokens import WORD, kind  # noqa: E402

NOUNS = """Antrag Bescheid Bürgerbüro Verwaltung Gemeinde Landkreis Fachverfahren Schnittstelle
Zuständigkeit Datenschutz Postfach Portal Signatur Formular Prozess Projektleitung IT-Abteilung
E-Government-Strategie Kommune Sachbearbeitung Registratur Rechenzentrum Haushalt Kämmerei
Ordnungsamt Bauamt Führungskraft Bürgerservice Zahlungsverkehr Aktenplan Dokumentenmanagement
Onlinezugang Modellkommune Kreisverwaltung Zweckverband Informationssicherheit""".split()
VERBS = """prüft bearbeitet digitalisiert unterstützt ermöglicht vereinfacht koordiniert beschreibt
verbessert beschleunigt dokumentiert übernimmt begleitet steuert bündelt""".split()
ADJ = """neue zentrale kommunale elektronische rechtssichere einheitliche zuständige übergreifende
schnelle barrierefreie""".split()
ART = ["die", "der", "das", "eine", "jede", "diese"]
PREP = ["für", "mit", "über", "im", "beim", "nach", "vor", "gegenüber"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(ART).capitalize(), rng.choice(ADJ), rng.choice(NOUNS), rng.choice(VERBS)]
    words += [rng.choice(ART), rng.choice(NOUNS)]
    if rng.random() < 0.5:
        words += [rng.choice(PREP), rng.choice(ART), rng.choice(ADJ), rng.choice(NOUNS)]
    if rng.random() < 0.15:
        words[-1] = f"**{words[-1]}**"
    if rng.random() < 0.15:
        words.insert(4, "z. B.")
    text = " ".join(words)
    if rng.random() < 0.2:
        text += f" (siehe [[7.{rng.randint(1, 9)}.{rng.randint(1, 9)}]])"
    if rng.random() < 0.2:
        text += ", sowie " + " ".join([rng.choice(ART), rng.choice(NOUNS)])
    return text + rng.choice([".", ".", ".", "!", "?"] if rng.random() < 0.1 else ["."])


def markdown(n_words: int, seed: int = 1) -> str:
    """A recipe-like Markdown text of about ``n_words`` words."""
    rng = random.Random(seed)
    blocks, words, number = [], 0, 0
    while words < n_words:
        number += 1
        roll = rng.random()
        if roll < 0.1:
            block = f"## 7.1.{number} {rng.choice(ADJ).capitalize()} {rng.choice(NOUNS)}"
        elif roll < 0.2:
            block = "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 4)))
        elif roll < 0.25:
            rows = [f"| {rng.choice(NOUNS)} | {rng.choice(VERBS)} {rng.choice(NOUNS)} |"
                    for _ in range(3)]
            block = "\n".join(["| Baustein | Aufgabe |", "|---|---|", *rows])
        else:
            block = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        blocks.append(block)
        words += len(re.findall(r"\w+", block))
    return "\n\n".join(blocks) + "\n"


def plan(tokens, n_edits, seed, sentences=None):
    """``n_edits`` word edits at scattered token positions: {position: (width, replacement)}.

    With ``sentences`` only words of those sentences are edited.
    """
    rng = random.Random(seed)
    sids = sentence_ids(tokens)
    spots = [i for i, t in enumerate(tokens) if kind(t) == WORD
             and (sentences is None or sids[i] in sentences)]
    edits = {}
    for i in rng.sample(spots, min(n_edits, len(spots))):
        roll = rng.random()
        if roll < 0.5:
            edits[i] = (1, [rng.choice(NOUNS + VERBS + ADJ)])
        elif roll < 0.7 and i + 1 < len(tokens) and tokens[i + 1] == " ":
            edits[i] = (2, [])
        else:
            edits[i] = (0, [rng.choice(ADJ), " "])
    return edits


def apply(tokens, *plans):
    """The text with all edits of all ``plans`` applied."""
    edits = {k: v for p in plans for k, v in p.items()}
    out, skip = [], 0
    for i, token in enumerate(tokens):
        if i in edits:
            width, replacement = edits[i]
            out.extend(replacement)
            skip = width
        if skip:
            skip -= 1
            continue
        out.append(token)
    return "".join(out)


def to_html(text: str) -> str:
    """A crude Markdown renderer, enough for timing html_diff on realistic structure."""
    out = []
    for block in text.strip().split("\n\n"):
        inline = html.escape(block)
        inline = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", inline)
        inline = re.sub(r"\[\[(.+?)\]\]", r'<a href="/r/\1">\1</a>', inline)
        if block.startswith("## "):
            out.append(f"<h2>{inline[3:]}</h2>")
        elif block.startswith("- "):
            items = "".join(f"<li>{line[2:]}</li>\n" for line in inline.splitlines())
            out.append(f"<ul>\n{items}</ul>")
        elif block.startswith("|"):
            rows = [line for line in inline.splitlines() if not line.startswith("|---")]
            cells = "".join(
                "<tr>" + "".join(f"<td>{c.strip()}</td>" for c in r.strip("|").split("|")) + "</tr>\n"
                for r in rows
            )
            out.append(f"<table>\n{cells}</table>")
        else:
            out.append(f"<p>{inline}</p>")
    return "\n".join(out)


def timed(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case, best is shown")
    parser.add_argument("--difflib", action="store_true",
                        help="also time plain difflib.SequenceMatcher(autojunk=False) (slow)")
    args = parser.parse_args()
    print(f"{'words':>6} {'edits':>6} {'tokens':>7} {'diff ms':>8} {'html ms':>8} "
          f"{'hunks ms':>9} {'merge3 ms':>10} {'hunks':>6}  merge"
          + ("  difflib ms" if args.difflib else ""))
    for n_words in (1000, 5000):
        base = markdown(n_words, seed=n_words)
        base_tokens = tokenize(base)
        all_sids = sorted(set(sentence_ids(base_tokens)))
        for n_edits in (10, 50, 200):
            new = apply(base_tokens, plan(base_tokens, n_edits, seed=n_edits))
            new_tokens = tokenize(new)
            t_diff, _ = timed(lambda: diff_tokens(base_tokens, new_tokens), args.repeat)
            old_html, new_html = to_html(base), to_html(new)
            t_html, _ = timed(lambda: html_diff(old_html, new_html), args.repeat)
            t_hunks, found = timed(lambda: hunks(base, new), args.repeat)
            # Current and proposed edit disjoint halves of the sentences: must merge cleanly.
            rng = random.Random(n_edits)
            rng.shuffle(all_sids)
            half = len(all_sids) // 2
            mine = plan(base_tokens, n_edits // 2, seed=1, sentences=set(all_sids[:half]))
            theirs = plan(base_tokens, n_edits - n_edits // 2, seed=2, sentences=set(all_sids[half:]))
            current, proposed = apply(base_tokens, mine), apply(base_tokens, theirs)
            t_merge, result = timed(lambda: merge3(base, current, proposed), args.repeat)
            if not result.clean:
                status = f"{len(result.conflicts)} conflicts"
            else:
                status = "clean, exact" if result.text == apply(base_tokens, mine, theirs) else "WRONG"
            line = (f"{n_words:>6} {n_edits:>6} {len(base_tokens):>7} {t_diff:>8.1f} {t_html:>8.1f} "
                    f"{t_hunks:>9.1f} {t_merge:>10.1f} {len(found):>6}  {status}")
            if args.difflib:
                t_plain, _ = timed(lambda: SequenceMatcher(
                    None, base_tokens, new_tokens, autojunk=False).get_opcodes(), 1)
                line += f"  {t_plain:>10.1f}"
            print(line)


if __name__ == "__main__":
    main()
