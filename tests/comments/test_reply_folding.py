import html5lib
import pytest

from recipes.models import Recipe
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def test_replies_fold_under_a_summary_that_counts_them_at_every_depth(client, small_book, contributor,
                                                                       other_contributor):
    recipe = Recipe.objects.get(number="7.1.3")
    root = make_comment(recipe, contributor, "Erster Beitrag.")
    answer = make_comment(recipe, other_contributor, "Antwort.", parent=root)
    make_comment(recipe, contributor, "Antwort auf die Antwort.", parent=answer)
    make_comment(recipe, other_contributor, "Zweite Antwort.", parent=root)
    make_comment(recipe, contributor, "Eigener Faden.")

    page = client.get(recipe.get_absolute_url()).content.decode()

    document = html5lib.parse(page, namespaceHTMLElements=False)
    folds = document.findall(".//details[@class='comment-replies-fold']")
    assert [fold.find("summary").text for fold in folds] == ["3 Antworten", "1 Antwort"]
    assert all(fold.get("open") is not None for fold in folds)  # open until someone folds them
    outer = folds[0]
    assert [article.get("id") for article in outer.iter("article")] == [
        f"kommentar-{pk}" for pk in recipe.comments.filter(parent__isnull=False).order_by("pk")
        .values_list("pk", flat=True)]
    thread = document.find(".//ol[@class='comment-thread']")
    assert len(thread.findall("li")) == 2  # the nesting closes where it should
