"""What recipes holds about a person (what they watch), for the data export and the deletion
of an account (``accounts.privacy``; connected in RecipesConfig.ready)."""

from recipes.models import Watch


def watched(user) -> list[str]:
    return [str(watch.recipe or watch.chapter) for watch in
            Watch.objects.filter(user=user).select_related("recipe", "chapter")]


def watches_forget(*, user, **signal_arguments) -> None:
    Watch.objects.filter(user=user).delete()
