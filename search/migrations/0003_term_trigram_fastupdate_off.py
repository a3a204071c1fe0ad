"""The trigram index over the known terms without GIN's pending list (PostgreSQL only).

Every indexed text upserts its terms, and with ``fastupdate`` on they pile up in the GIN
index's unsorted pending list until a vacuum merges them. The planner does not see that list
and still picks this index for the lexicon look-up (``term IN (…)``), which then reads the
whole list: on the bench database (demo book, 3,352 terms, no vacuum yet) one search took
400 ms instead of 0.4 ms (bench/load.py). The document indexes were created with
``fastupdate = off`` for the same reason; this index was not. Writes get a little slower,
and texts change rarely.
"""

from importlib import import_module

from django.db import migrations

RunSQLOn = import_module("search.migrations.0002_fulltext_index").RunSQLOn


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_fulltext_index"),
    ]

    operations = [
        RunSQLOn(
            "postgresql",
            [
                "ALTER INDEX search_term_trigram SET (fastupdate = off)",
                # Merge what is already pending; later inserts go straight into the index.
                "SELECT gin_clean_pending_list('search_term_trigram')",
            ],
            ["ALTER INDEX search_term_trigram RESET (fastupdate)"],
        ),
    ]
