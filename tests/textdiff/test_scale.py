"""The diff engine on a long recipe: 5,000 words, 50 scattered edits (pure Python, no database)."""

import random

from textdiff import apply_hunks, diff_tokens, hunks, merge3, tokenize
from textdiff.sentences import sentence_ids
from textdiff.tokens import WORD, kind

NOUNS = """Antrag Bescheid Bürgerbüro Verwaltung Gemeinde Landkreis Fachverfahren Schnittstelle
Zuständigkeit Datenschutz Postfach Portal Signatur Formular IT-Abteilung E-Government-Strategie
Kämmerei Ordnungsamt Führungskraft Aktenplan Modellkommune Zweckverband""".split()
VERBS = "prüft bearbeitet digitalisiert unterstützt ermöglicht vereinfacht koordiniert übernimmt".split()
ADJ = "neue zentrale kommunale elektronische rechtssichere einheitliche zuständige schnelle".split()
ART = ["die", "der", "das", "eine", "jede"]


def long_recipe(rng, n_words=5000):
    blocks, words = [], 0
    while words < n_words:
        roll = rng.random()
        if roll < 0.1:
            block = f"## 7.1.{len(blocks)} {rng.choice(ADJ).capitalize()} {rng.choice(NOUNS)}"
        elif roll < 0.2:
            block = "\n".join(f"- {rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(NOUNS)}"
                              for _ in range(3))
        elif roll < 0.25:
            block = "| Baustein | Aufgabe |\n|---|---|\n" + "\n".join(
                f"| {rng.choice(NOUNS)} | **{rng.choice(VERBS)}** |" for _ in range(3))
        else:
            sentences = []
            for _ in range(rng.randint(3, 7)):
                words_ = [rng.choice(ART).capitalize(), rng.choice(ADJ), rng.choice(NOUNS),
                          rng.choice(VERBS), rng.choice(ART), rng.choice(NOUNS)]
                if rng.random() < 0.2:
                    words_ += ["z. B.", "nach", "[[7.1.3]]"]
                sentences.append(" ".join(words_) + rng.choice(".!?"))
            block = " ".join(sentences)
        blocks.append(block)
        words += len(block.split())
    return "\n\n".join(blocks) + "\n"


def plan_edits(rng, tokens, sids, count, sentences=None):
    """Word edits at scattered token positions: {position: replacement tokens}."""
    spots = [i for i, t in enumerate(tokens) if kind(t) == WORD
             and (sentences is None or sids[i] in sentences)]
    plan = {}
    for i in rng.sample(spots, count):
        roll = rng.random()
        if roll < 0.5:
            plan[i] = (1, [rng.choice(ADJ + VERBS)])
        elif roll < 0.7 and tokens[i + 1] == " ":
            plan[i] = (2, [])
        else:
            plan[i] = (0, [rng.choice(ADJ), " "])  # insert before the word
    return plan


def apply_plan(tokens, *plans):
    out, skip = [], 0
    merged = {k: v for plan in plans for k, v in plan.items()}
    for i, token in enumerate(tokens):
        if i in merged:
            width, replacement = merged[i]
            out.extend(replacement)
            skip = width
        if skip:
            skip -= 1
            continue
        out.append(token)
    return "".join(out)


def test_a_5000_word_recipe_with_50_scattered_edits_diffs_to_small_exact_changes():
    rng = random.Random(2016)
    base = long_recipe(rng)
    a = tokenize(base)
    plan = plan_edits(rng, a, sentence_ids(a), 50)
    b = tokenize(apply_plan(a, plan))
    ops = diff_tokens(a, b)
    changed = [op for op in ops if op.tag != "equal"]
    assert len(changed) <= 50
    assert sum(op.a_end - op.a_start for op in changed) <= 2 * 50
    for op in changed:  # every change sits where an edit was made
        assert any(op.a_start - 2 <= i <= op.a_end + 2 for i in plan)
    assert "".join("".join(b[op.b_start:op.b_end]) for op in ops) == "".join(b)


def test_a_5000_word_recipe_with_50_edits_is_accepted_hunk_by_hunk():
    rng = random.Random(7)
    base = long_recipe(rng)
    a = tokenize(base)
    proposed = apply_plan(a, plan_edits(rng, a, sentence_ids(a), 50))
    found = hunks(base, proposed)
    assert 25 <= len(found) <= 50
    assert apply_hunks(base, proposed, [h.id for h in found]) == proposed
    half = [h.id for h in found][::2]
    partial = apply_hunks(base, proposed, half)
    rest = hunks(partial, proposed)
    assert len(rest) == len(found) - len(half)
    assert apply_hunks(partial, proposed, [h.id for h in rest]) == proposed


def test_a_5000_word_recipe_edited_on_both_sides_in_different_sentences_merges_cleanly():
    rng = random.Random(31)
    base = long_recipe(rng)
    a = tokenize(base)
    sids = sentence_ids(a)
    sentences = sorted(set(sids))
    rng.shuffle(sentences)
    mine, theirs = set(sentences[::2]), set(sentences[1::2])
    current_plan = plan_edits(rng, a, sids, 25, mine)
    proposed_plan = plan_edits(rng, a, sids, 25, theirs)
    result = merge3(base, apply_plan(a, current_plan), apply_plan(a, proposed_plan))
    assert result.clean
    assert result.text == apply_plan(a, current_plan, proposed_plan)
