"""PostgreSQL's planner is told to find hits through the GIN index (search.backends): the
setting travels with the hits' query in one message and ends with it. (That the index then
answers a broad query several times faster is measured by bench/search.py on 10,000 recipes;
on a test's few rows the planner takes the index either way.)"""

import pytest
from django.db import connection

from search.backends import PostgresBackend

pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)  # autocommit, as in a request: no test transaction around it
def test_the_setting_holds_for_the_hits_query_only():
    with connection.cursor() as cursor:
        cursor.execute(PostgresBackend._index_preferred("SELECT current_setting('enable_seqscan')"))
        assert cursor.fetchone() == ("off",)
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on",)
