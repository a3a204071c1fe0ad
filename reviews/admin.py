from django.contrib import admin

from reviews.models import ChapterReviewInterval


@admin.register(ChapterReviewInterval)
class ChapterReviewIntervalAdmin(admin.ModelAdmin):
    list_display = ("chapter", "months")
