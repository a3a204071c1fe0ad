"""Admin for chapters and recipes, with django-reversion's history.

Saving goes through the services, so an admin change is a version like any other. Reverting
from the admin is switched off: it would bypass the services (slug aliases, sort keys), and the
site's own history pages offer it.
"""

from django.contrib import admin
from django.core import validators
from django.core.exceptions import PermissionDenied
from reversion.admin import VersionAdmin

from recipes.markdown_guard import TEXT_MAX_LENGTH, validate_markdown
from recipes.models import Chapter, Recipe, Tag
from recipes.services import chapter_save, recipe_save


class ServiceVersionAdmin(VersionAdmin):
    markdown_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The same limits as the site's forms: a text the renderer could not handle in time
        # is refused here too, with the same message.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.markdown_fields:
            field.max_length = TEXT_MAX_LENGTH
            field.validators += [validators.MaxLengthValidator(TEXT_MAX_LENGTH), validate_markdown]
        return field

    def revision_view(self, request, object_id, version_id, extra_context=None):
        raise PermissionDenied("Wiederherstellen bitte über die Versionsgeschichte der Website.")

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied("Wiederherstellen bitte über die Versionsgeschichte der Website.")

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is lost: the book's content is never deleted


@admin.register(Chapter)
class ChapterAdmin(ServiceVersionAdmin):
    list_display = ("number", "title", "subtitle")
    markdown_fields = ("intro",)
    search_fields = ("title", "subtitle")

    def save_model(self, request, obj, form, change):
        chapter_save(chapter=obj, user=request.user, comment="Im Verwaltungsbereich geändert")


@admin.register(Recipe)
class RecipeAdmin(ServiceVersionAdmin):
    list_display = ("number", "title", "chapter", "updated_at")
    markdown_fields = ("body",)
    list_filter = ("chapter", "tags")
    search_fields = ("number", "title", "body")
    fields = ("number", "title", "slug", "body", "page_start", "page_end", "source_edition", "tags")
    filter_horizontal = ("tags",)

    def save_model(self, request, obj, form, change):
        pass  # saved with its tags in save_related, as one version

    def save_related(self, request, form, formsets, change):
        recipe_save(
            recipe=form.instance, user=request.user, comment="Im Verwaltungsbereich geändert",
            tags=list(form.cleaned_data["tags"]),
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "slug")
    list_filter = ("kind",)
    prepopulated_fields = {"slug": ("name",)}
