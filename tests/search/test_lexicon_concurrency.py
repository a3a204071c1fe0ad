"""Two writers adding overlapping words to the lexicon at once never deadlock (PostgreSQL).

bench/soak.py found it: one comment's terms were another's words, each transaction held a
row the other needed next, and PostgreSQL cancelled one of them (a 503 for its author). Now
the cancelled one rolls back only the lexicon step and tries it again.
"""

import threading
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

from search import indexing
from search.models import SearchTerm

pytestmark = pytest.mark.django_db(transaction=True)


def document(terms, words):
    return SimpleNamespace(title_terms="", body_terms=" ".join(terms), lexicon_words=set(words))


def test_overlapping_lexicon_writes_both_succeed_when_postgresql_sees_a_deadlock(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("Sperren der Zeilen gibt es so nur auf PostgreSQL")
    first_phase_done, errors = threading.Event(), []
    original = SearchTerm.objects.bulk_create

    def slow_first_writer(rows, **options):
        result = original(rows, **options)
        if threading.current_thread().name == "erster" and options["update_fields"] == ["is_term"]:
            first_phase_done.set()
            threading.Event().wait(1.5)  # holds "aaaa" and "cccc", then wants "bbbb"
        return result

    monkeypatch.setattr(SearchTerm.objects, "bulk_create", slow_first_writer)

    def write(doc):
        try:
            with transaction.atomic():
                indexing.terms_remember([doc])
        except Exception as error:  # noqa: BLE001 (the deadlock is what is tested)
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=(document(["aaaa", "cccc"], ["bbbb"]),), name="erster")
    second = threading.Thread(target=write, args=(document(["bbbb", "cccc"], []),), name="zweiter")
    first.start()
    assert first_phase_done.wait(30)
    second.start()
    first.join(60)
    second.join(60)
    assert errors == []
    stored = {term.term: (term.is_term, term.is_word) for term in SearchTerm.objects.all()}
    assert stored == {"aaaa": (True, False), "bbbb": (True, True), "cccc": (True, False)}
