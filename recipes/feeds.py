"""Atom feeds of recent changes, for the whole book and per chapter."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from kochbuch.atom import SiteFeed
from recipes.changes import recent_changes
from recipes.models import Chapter


class RecentChangesFeed(SiteFeed):
    title = "Kochbuch E-Government – Letzte Änderungen"
    subtitle = "Neue Fassungen der Rezepte und Kapitel"

    def link(self):
        return reverse("recent_changes")

    def items(self):
        return recent_changes(limit=30)

    def item_title(self, change):
        return change.label

    def item_description(self, change):
        # Atom's summary is HTML to a feed reader (type="html"), and the revision comment and the
        # name are plain text people typed (an edit note, a proposal's summary): escape both.
        return escape(f"{change.revision.comment} – {change.author_label}")

    def item_link(self, change):
        return change.url

    def item_pubdate(self, change):
        return change.revision.date_created

    def item_author_name(self, change):
        info = getattr(change.revision, "info", None)
        if info is not None and info.source_edition:
            return info.source_label
        return change.revision.user.public_name if change.revision.user else None


class ChapterChangesFeed(RecentChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Chapter, slug=slug)

    def title(self, chapter):
        return f"Kochbuch E-Government – Änderungen in Kapitel {chapter.number}: {chapter.title}"

    def link(self, chapter):
        return chapter.get_absolute_url()

    def items(self, chapter):
        return recent_changes(chapter=chapter, limit=30)
