from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from kochbuch.atom import WritingsFeed
from recipes.rendering import render_markdown


class RecentCommentsFeed(WritingsFeed):
    """Atom feed of the newest visible comments (one query)."""

    title = _("Kochbuch E-Government – neueste Kommentare")
    subtitle = _("Was Kommunen zu den Rezepten des Kochbuchs anmerken.")

    def link(self):
        return reverse("comments_recent")

    def items(self):
        return Comment.objects.recent()[:40]

    def item_title(self, comment):
        target = comment.target
        label = f"{target.number} {target.title}" if comment.recipe_id else f"{target.number}. {target.title}"
        return _("%(name)s zu %(target)s") % {"name": comment.author_name, "target": label}

    def item_description(self, comment):
        # The same sanitised HTML as on the page; the feed generator escapes it once more.
        return render_markdown(comment.body, profile="comment").html

    def item_link(self, comment):
        return comment.target_url()

    def item_updateddate(self, comment):
        return comment.edited_at or comment.created_at
