"""Recompute who wrote each word from the version history (``authorship.services``).

Needed after restoring a backup without the authorship tables, after an import that bypassed
reversion's signal, or to check the stored attribution: the result depends only on the history,
so running it again changes nothing. Each recipe is rebuilt in its own transaction, so a large
book never holds one long lock, and the site stays usable meanwhile.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from authorship.models import VersionAuthorship
from authorship.services import authorship_rebuild
from recipes.models import Recipe


def _stored(recipe_id) -> dict:
    return {row["version_id"]: (row["runs"], row["source"], row["algorithm"]) for row in
            VersionAuthorship.objects.filter(recipe_id=recipe_id).values("version_id", "runs", "source",
                                                                         "algorithm")}


class Command(BaseCommand):
    help = ("Berechnet die Autorschaft (wer welches Wort geschrieben hat) aus der Versionsgeschichte "
            "neu, für alle Rezepte oder eines (--recipe). Ein zweiter Lauf ändert nichts.")

    def add_arguments(self, parser):
        parser.add_argument("--recipe", metavar="SLUG", action="append", default=[],
                            help="Nur dieses Rezept (Kurzname oder Nummer, z. B. 7.1.3); mehrfach möglich.")

    def handle(self, *args, **options):
        recipes = Recipe.objects.order_by("sort_key", "pk")
        wanted = options["recipe"]
        if wanted:
            found = list(recipes.filter(Q(slug__in=wanted) | Q(number__in=wanted)))
            known = {recipe.slug for recipe in found} | {recipe.number for recipe in found}
            missing = [name for name in wanted if name not in known]
            if missing:
                raise CommandError(f"Kein Rezept mit dem Kurznamen oder der Nummer: {', '.join(missing)}")
            recipes = found
        total_recipes = total_versions = changed = 0
        for recipe in recipes:
            before = _stored(recipe.pk)
            versions = authorship_rebuild(recipe_id=recipe.pk)
            after = _stored(recipe.pk)
            differing = sum(1 for version_id, row in after.items() if before.get(version_id) != row)
            differing += len(before.keys() - after.keys())
            total_recipes += 1
            total_versions += versions
            changed += differing
            if options["verbosity"] >= 2:
                self.stdout.write(f"{recipe.number} {recipe.title}: {versions} Fassung(en), "
                                  f"{differing} geändert")
        self.stdout.write(f"Autorschaft neu berechnet: {total_recipes} Rezept(e), {total_versions} "
                          f"Fassung(en), davon {changed} geändert.")
