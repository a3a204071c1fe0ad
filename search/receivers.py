"""The search index follows every write of the apps below search (connected in SearchConfig.ready).

Each receiver runs inside the write's transaction, so the index commits or rolls back with it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.signals import comment_changed
from editions.models import Edition
from kochbuch.pagecache import content_changed
from practice.signals import report_changed
from recipes.models import Chapter, Tag
from recipes.signals import chapter_saved, recipe_saved
from search.indexing import index_chapter, index_comment, index_practice_report, index_recipe


@receiver(chapter_saved, dispatch_uid="search-chapter")
def chapter_indexed(*, chapter, **signal_arguments):
    index_chapter(chapter)


@receiver(recipe_saved, dispatch_uid="search-recipe")
def recipe_indexed(*, recipe, **signal_arguments):
    index_recipe(recipe)  # every version: the index shows the newest text


@receiver(comment_changed, dispatch_uid="search-comment")
def comment_indexed(*, comment, **signal_arguments):
    index_comment(comment)  # searchable while visible; hidden and deleted ones leave the index


@receiver(report_changed, dispatch_uid="search-practice-report")
def practice_report_indexed(*, report, **signal_arguments):
    index_practice_report(report)  # hidden ones stay indexed but are left out when searching


def filter_choices_changed(**signal_arguments):
    """The search form's chapters, tags and editions (``search.choices``) are kept per content
    generation; tags and editions are also written without a signal of their own (the admin,
    an import), so their saves and deletions move the generation on here."""
    content_changed()


for model in (Chapter, Tag, Edition):
    post_save.connect(filter_choices_changed, sender=model, dispatch_uid=f"search-choices-saved-{model.__name__}")
    post_delete.connect(filter_choices_changed, sender=model, dispatch_uid=f"search-choices-deleted-{model.__name__}")
