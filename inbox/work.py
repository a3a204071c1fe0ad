"""What waits for Moderation and Redaktion, as counts beside their links in the header.

Open proposals, open reports and held comments, flagged Erfahrungsberichte, imports waiting for
a decision, and overdue reviews: five counts, computed together and cached for everyone, so a page costs one cache
lookup. Every save or delete of those models drops the cached counts (``work_changed``, connected
in InboxConfig.ready), so a decision shows in the next request; the day's turn that makes a
review overdue shows within the cache time.
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.roles import rights_among
from comments.models import Comment, Report
from editions.models import ImportJob
from practice.models import PracticeFlag
from proposals.models import EditProposal
from reviews.models import Review

CACHE_SECONDS = 300
KEY = "inbox:work"
WATCHED_MODELS = (EditProposal, Report, Comment, ImportJob, Review, PracticeFlag)


def work_changed(**signal_arguments):
    """Drop the counts now and again after commit (a request in between may have put the old
    ones back)."""
    cache.delete(KEY)
    transaction.on_commit(lambda: cache.delete(KEY))


def open_work_counts(known=None) -> dict[str, int]:
    """``known``: cache values already read for this request (kochbuch.fragments.prefetched)."""
    key = KEY
    counts = known.get(key) if known else None
    if counts is None:
        counts = cache.get(key)
    if counts is None:
        counts = {
            "proposals": EditProposal.objects.waiting().count(),
            "reports": Report.objects.open().values("comment").distinct().count()
            + Comment.objects.filter(status=Comment.Status.HELD).count(),
            # Erfahrungsberichte (practice/) with open flags, in their own queue.
            "practice": PracticeFlag.objects.filter(status=PracticeFlag.Status.OPEN)
            .values("report").distinct().count(),
            "imports": ImportJob.objects.filter(status=ImportJob.Status.PREVIEW).count(),
            "reviews": Review.objects.current().filter(next_due__lt=timezone.localdate()).count(),
        }
        cache.set(key, counts, CACHE_SECONDS)
    return counts


def work_links(user, known=None) -> list[dict]:
    """The tools ``user`` may use, each with what waits there (url name, label, count)."""
    if not user.is_authenticated:
        return []
    allowed = [
        ("review", "proposal_queue", "Vorschläge", "proposals"),
        ("moderate", "moderation_queue", "Meldungen", "reports"),
        ("moderate", "practice_moderation", "Berichte", "practice"),
        ("import", "import_start", "Import", "imports"),
        ("review", "review_dashboard", "Prüfungen", "reviews"),
    ]
    rights = rights_among(user, {entry[0] for entry in allowed})
    allowed = [entry for entry in allowed if entry[0] in rights]
    if not allowed:
        return []
    counts = open_work_counts(known)
    return [{"url_name": url_name, "label": label, "count": counts[kind]}
            for _right, url_name, label, kind in allowed]
