from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import MITWIRKENDE, MODERATION, REDAKTION, perm, role_grant


def _grant_action(role):
    def action(modeladmin, request, queryset):
        if not request.user.has_perm(perm("roles")):
            modeladmin.message_user(request, _("Sie dürfen keine Rollen vergeben."), messages.ERROR)
            return
        for user in queryset:
            role_grant(user=user, role=role)
        modeladmin.message_user(request, _("Rolle „%s“ vergeben.") % role)

    action.__name__ = f"grant_{role.lower()}"
    action.short_description = _("Rolle „%s“ vergeben") % role
    return action


@admin.register(User)
class KochbuchUserAdmin(UserAdmin):
    list_display = ("email", "display_name", "institution", "bundesland", "is_active")
    search_fields = ("email", "display_name", "institution")
    fieldsets = UserAdmin.fieldsets + (
        (_("Profil"), {"fields": (
            "display_name", "funktion", "institution", "bundesland",
            "show_funktion", "show_institution", "show_bundesland",
        )}),
    )
    actions = [_grant_action(role) for role in (MITWIRKENDE, MODERATION, REDAKTION)]
