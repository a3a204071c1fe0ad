"""Erfahrungsberichte in the admin, to look things up only: every change goes through
practice.services (versions, moderation log, cache), which an admin edit would bypass."""

from django.contrib import admin

from comments.admin import ReadOnlyAdmin
from practice.models import PracticeFlag, PracticeModerationEvent, PracticeReport


@admin.register(PracticeReport)
class PracticeReportAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kommune", "recipe", "status", "moderation", "author", "updated_at")
    list_filter = ("status", "moderation")
    search_fields = ("kommune__name", "recipe__title", "results", "lessons")
    list_select_related = ("kommune", "recipe", "author")


@admin.register(PracticeFlag)
class PracticeFlagAdmin(ReadOnlyAdmin):
    list_display = ("pk", "report", "reporter", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("report__kommune", "report__recipe", "reporter")


@admin.register(PracticeModerationEvent)
class PracticeModerationEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "action", "report", "reason")
    list_filter = ("action",)
    list_select_related = ("actor", "report__kommune", "report__recipe")
