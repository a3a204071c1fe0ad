from django.db import models
from django.utils.translation import gettext_lazy as _

from recipes.models import Recipe

# Raised when the algorithm changes, so that stored attributions are recomputed.
ALGORITHM = 1


class VersionAuthorship(models.Model):
    """Who wrote each word of one version of a recipe (``authorship.attribution``).

    ``runs`` is ``[[origin version id, token count], …]`` over the tokens of the version's body;
    ``source`` names the edition when the version itself came from one (an import, or a text
    loaded without a person), so words it introduced are credited to "Ausgabe 2016" and not to
    whoever ran the import.
    """

    version = models.OneToOneField(
        "reversion.Version", on_delete=models.CASCADE, primary_key=True, related_name="authorship",
    )
    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="+")
    runs = models.JSONField(default=list)
    source = models.CharField(_("Quelle"), max_length=120, blank=True)
    algorithm = models.PositiveSmallIntegerField(default=ALGORITHM)

    class Meta:
        verbose_name = _("Autorschaft einer Fassung")
        verbose_name_plural = _("Autorschaft der Fassungen")

    def __str__(self):
        return f"Autorschaft der Fassung {self.version_id}"

    @property
    def origin_ids(self):
        return sorted({origin for origin, _ in self.runs})


class RecipeAuthorship(models.Model):
    """Where a recipe's attribution stands: the newest attributed version and the memory of
    sentences earlier versions lost (so restoring one restores its authors)."""

    recipe = models.OneToOneField(
        Recipe, on_delete=models.CASCADE, primary_key=True, related_name="authorship",
    )
    version_id = models.IntegerField()
    memory = models.JSONField(default=dict)
    algorithm = models.PositiveSmallIntegerField(default=ALGORITHM)

    class Meta:
        verbose_name = _("Autorschaft eines Rezepts")
        verbose_name_plural = _("Autorschaft der Rezepte")

    def __str__(self):
        return f"Autorschaft von {self.recipe_id}"
