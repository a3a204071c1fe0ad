"""Proposals in the admin: to look up, not to change (decisions go through the review page)."""

from django.contrib import admin

from proposals.models import EditProposal, ProposalEvent


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    fields = ("created_at", "action", "actor", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EditProposal)
class EditProposalAdmin(admin.ModelAdmin):
    list_display = ("pk", "title", "recipe", "chapter", "author", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "summary")
    list_select_related = ("recipe", "chapter", "author")
    inlines = [ProposalEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
