"""What comments announces about its writes, for the apps above it (search).

Sent by ``comments.services`` inside the write's transaction whenever a comment's text or
existence changes (written, edited, deleted); search indexes it in ``search.receivers``.
Whether a comment is visible is checked live by the search, so moderation needs no signal.
"""

from django.dispatch import Signal

# sender: Comment; argument: ``comment``
comment_changed = Signal()
