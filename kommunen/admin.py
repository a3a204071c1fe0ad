"""The register in the admin: the Redaktion may correct what the data packages got wrong
(a Stadt listed as Gemeinde, a missing position); ``kommunen_laden`` would set it back, so
corrections belong in kommunen/data/modellkommunen.csv or upstream as well."""

from django.contrib import admin

from kommunen.models import Kommune


@admin.register(Kommune)
class KommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "art", "bundesland", "ags", "population", "is_model")
    list_filter = ("art", "bundesland", "is_model")
    search_fields = ("name", "search_name", "ags")
    readonly_fields = ("source_key",)
