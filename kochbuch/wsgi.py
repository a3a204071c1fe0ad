"""The WSGI entry point (gunicorn kochbuch.wsgi).

Each process warms itself before it serves anyone (kochbuch/warmup.py): with gunicorn this runs
in every worker as it starts, before it accepts a connection. It frees the garbage of its
requests every 50 responses (kochbuch/garbage.py), which bounds its memory.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kochbuch.settings')

application = get_wsgi_application()

from kochbuch.garbage import collect_garbage_periodically  # noqa: E402
from kochbuch.warmup import warm  # noqa: E402 (needs the configured application)

warm(application)
collect_garbage_periodically()
