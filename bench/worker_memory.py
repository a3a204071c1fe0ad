"""What a web worker holds, and which imports brought it (issue 13, worker memory).

Usage (the settings as for gunicorn, e.g. those bench/load.py sets; a database with the book, so
that the warm-up can answer its pages, and collected static files):

    DJANGO_SETTINGS_MODULE=kochbuch.settings DATABASE_URL=… REDIS_URL=… SECRET_KEY=… \\
        STATIC_ROOT=… ALLOWED_HOSTS=127.0.0.1 .venv/bin/python bench/worker_memory.py [--top 40]

It does in one process what a gunicorn worker does (gunicorn's modules, ``django.setup()``, the
WSGI application, every URL pattern and view module, the warm-up of kochbuch/warmup.py) and prints
the RSS after each step, the imports of one package by another that grew RSS most (an import hook
notes RSS around every ``import`` statement; "inclusive" counts what the module's own imports
brought, "own" only the rest; ``importlib.import_module`` calls are not seen, so a module may be
named by a later importer; RSS grows in pages and arenas, so small modules show 0 and others are
rounded up), and RSS by mapping from /proc/self/smaps (Python objects live in [heap] and [anon];
shared libraries are file-backed, shared between the workers and counted in each one's RSS). Only
reads /proc.
"""

import argparse
import builtins
import collections
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


class ImportMeter:
    """Notes the RSS growth of every first import of a module by an import statement."""

    def __init__(self):
        self.grown = {}  # module: [inclusive MB, own MB, importing module]
        self._stack = []
        self._import = builtins.__import__

    def __call__(self, name, globals=None, locals=None, fromlist=(), level=0):
        if level or name in sys.modules:
            return self._import(name, globals, locals, fromlist, level)
        before = rss_mb()
        self._stack.append(0.0)
        try:
            return self._import(name, globals, locals, fromlist, level)
        finally:
            inner = self._stack.pop()
            grown = rss_mb() - before
            if self._stack:
                self._stack[-1] += grown
            importer = (globals or {}).get("__name__", "?")
            self.grown.setdefault(name, [grown, grown - inner, importer])

    def __enter__(self):
        builtins.__import__ = self
        return self

    def __exit__(self, *exc):
        builtins.__import__ = self._import


def mappings():
    """RSS in MB by mapping (a shared library, [heap], [anon] …), from /proc/self/smaps."""
    sizes, name = collections.Counter(), None
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if not line.endswith("kB\n") and "-" in fields[0]:
                name = fields[5] if len(fields) > 5 else "[anon]"
                if "site-packages/" in name:
                    name = name.split("site-packages/")[1].split("/")[0]
            elif fields[0] == "Rss:":
                sizes[name] += int(fields[1]) / 1024
    return sizes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=40, help="how many imports to list")
    args = parser.parse_args()
    steps = [("Python", rss_mb(), len(sys.modules))]
    with ImportMeter() as meter:
        import gunicorn.app.wsgiapp  # noqa: F401 (what the arbiter imported before the fork)
        import gunicorn.workers.sync  # noqa: F401
        steps.append(("gunicorn", rss_mb(), len(sys.modules)))
        import django

        django.setup()
        steps.append(("django.setup()", rss_mb(), len(sys.modules)))
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
        steps.append(("WSGI-Anwendung", rss_mb(), len(sys.modules)))
        from django.urls import get_resolver

        get_resolver().reverse_dict  # noqa: B018 (loads every URL pattern and view module)
        steps.append(("URLs und Views", rss_mb(), len(sys.modules)))
        from kochbuch.warmup import warm

        warm(application)
        steps.append(("Aufwärmen", rss_mb(), len(sys.modules)))

    print("| Schritt | RSS MB | Module |\n|---|---:|---:|")
    for label, rss, modules in steps:
        print(f"| {label} | {rss:.1f} | {modules} |")
    # Where one package brings in another (redis ← kochbuch.cache, fido2 ← allauth …): the
    # entry points worth cutting; imports inside one package would only repeat their totals.
    print("\nPakete mit dem größten RSS-Zuwachs (MB, inklusive / eigen, importiert von):")
    crossing = [(name, grown) for name, grown in meter.grown.items()
                if name.split(".")[0] != grown[2].split(".")[0]]
    ranked = sorted(crossing, key=lambda item: -item[1][0])[:args.top]
    for name, (inclusive, own, importer) in ranked:
        print(f"{inclusive:6.1f} {own:6.1f}  {name}  ← {importer}")
    print("\nRSS nach Abbildung (MB):")
    for name, size in mappings().most_common(12):
        print(f"{size:6.1f}  {name}")


if __name__ == "__main__":
    main()
