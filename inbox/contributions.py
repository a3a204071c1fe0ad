"""What a person contributed, for the public profile: counts and the newest of each kind.

A fixed number of queries whatever the person did: one for the four counts and the choice to
show them, then one for the newest few of each kind (the edits with their recipe's slug).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast
from reversion.models import Version

from comments.models import Comment
from inbox.models import Preferences
from proposals.models import EditProposal
from recipes.models import Recipe
from reviews.models import Review

SHOWN = 5


@dataclass
class Contributions:
    edits: int
    latest_edits: list
    proposals: int
    latest_proposals: list
    comments: int
    latest_comments: list
    reviews: int
    latest_reviews: list

    @property
    def total(self):
        return self.edits + self.proposals + self.comments + self.reviews


@dataclass
class Counts:
    shown: bool
    edits: int
    proposals: int
    comments: int
    reviews: int


def _edits(person):
    return Version.objects.filter(content_type=ContentType.objects.get_for_model(Recipe),
                                  revision__user=person)


def _proposals(person):
    return EditProposal.objects.filter(
        author=person, status__in=[EditProposal.Status.ACCEPTED, EditProposal.Status.PARTLY_ACCEPTED])


def _comments(person):
    return Comment.objects.filter(author=person, status=Comment.Status.VISIBLE)


def _reviews(person):
    return Review.objects.filter(reviewer=person)


def _count(queryset):
    """COUNT(*) of ``queryset`` as a scalar subquery (no GROUP BY: one row, also for none)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
                    output_field=IntegerField())


def counts_of(person) -> Counts:
    """The four counts and whether the person shows them: one query."""
    shown = Subquery(Preferences.objects.filter(user=OuterRef("pk")).values("show_contributions")[:1])
    row = (get_user_model().objects.filter(pk=person.pk)
           .annotate(c_shown=shown, c_edits=_count(_edits(person)), c_proposals=_count(_proposals(person)),
                     c_comments=_count(_comments(person)), c_reviews=_count(_reviews(person)))
           .values("c_shown", "c_edits", "c_proposals", "c_comments", "c_reviews").get())
    return Counts(shown=row["c_shown"] is not False, edits=row["c_edits"] or 0,
                  proposals=row["c_proposals"] or 0, comments=row["c_comments"] or 0,
                  reviews=row["c_reviews"] or 0)


def contributions_of(person, counts: Counts) -> Contributions:
    """The newest few of each kind: four queries. Each edit carries ``recipe_slug`` (None when
    the recipe is gone), read in the same query."""
    slug = Recipe.objects.filter(pk=Cast(OuterRef("object_id"), IntegerField())).order_by().values("slug")[:1]
    latest_edits = list(_edits(person).select_related("revision").order_by("-pk")
                        .only("object_id", "object_repr", "revision__date_created")
                        .annotate(recipe_slug=Subquery(slug))[:SHOWN])
    return Contributions(
        edits=counts.edits, latest_edits=latest_edits,
        proposals=counts.proposals,
        latest_proposals=list(_proposals(person).select_related("recipe").order_by("-pk")[:SHOWN]),
        comments=counts.comments,
        latest_comments=list(_comments(person).select_related("recipe", "chapter").order_by("-pk")[:SHOWN]),
        reviews=counts.reviews,
        latest_reviews=list(_reviews(person).select_related("recipe").order_by("-reviewed_at")[:SHOWN]),
    )
