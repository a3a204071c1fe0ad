"""Comments in the admin, to look things up only: every change goes through comments.services
(moderation on the site records who did what and why; an admin edit would not)."""

from django.contrib import admin

from comments.models import Comment, CommentRevision, ModerationEvent, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("pk", "author", "recipe", "chapter", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("body", "author__display_name", "author__email")
    list_select_related = ("author", "recipe", "chapter")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("pk", "comment", "reporter", "status", "created_at")
    list_filter = ("status",)


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "comment", "reason")
    list_filter = ("action",)


@admin.register(CommentRevision)
class CommentRevisionAdmin(ReadOnlyAdmin):
    list_display = ("comment", "written_at", "replaced_at")
