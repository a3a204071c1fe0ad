"""What recipes announces about its writes, for the apps above it and the page cache.

recipes is at the bottom of the layers: it never imports search, editions or comments. Every
write of a chapter or recipe goes through ``recipes.services`` (the site, the admin, the import,
the proposals), which sends one of these signals inside the write's transaction, right after the
row and its revision are saved. So a receiver's own rows (the search index) commit or roll back
with the write; a receiver with effects outside the database (queueing a print build, dropping
cached pages) defers them with ``transaction.on_commit``.

Subscribers (each in its AppConfig.ready()): search indexes the text, editions marks the current
print PDF outdated, recipes itself tells the page cache. Receivers carry side effects only,
never a rule of the write.
"""

from django.dispatch import Signal

# sender: the model class; arguments: ``chapter`` / ``recipe`` (saved), ``created`` (bool)
chapter_saved = Signal()
recipe_saved = Signal()
