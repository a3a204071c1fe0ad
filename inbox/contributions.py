"""What a person contributed, for the public profile: counts and the newest of each kind."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from comments.models import Comment
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


def contributions_of(person) -> Contributions:
    """Eight queries whatever the person did: a count and the newest few of each kind."""
    edits = Version.objects.filter(content_type=ContentType.objects.get_for_model(Recipe),
                                   revision__user=person)
    latest_edits = list(edits.select_related("revision").order_by("-pk")
                        .only("object_id", "object_repr", "revision__date_created")[:SHOWN])
    proposals = EditProposal.objects.filter(
        author=person, status__in=[EditProposal.Status.ACCEPTED, EditProposal.Status.PARTLY_ACCEPTED])
    comments = Comment.objects.filter(author=person, status=Comment.Status.VISIBLE)
    reviews = Review.objects.filter(reviewer=person)
    return Contributions(
        edits=edits.count(), latest_edits=latest_edits,
        proposals=proposals.count(),
        latest_proposals=list(proposals.select_related("recipe").order_by("-pk")[:SHOWN]),
        comments=comments.count(),
        latest_comments=list(comments.select_related("recipe", "chapter").order_by("-pk")[:SHOWN]),
        reviews=reviews.count(),
        latest_reviews=list(reviews.select_related("recipe").order_by("-reviewed_at")[:SHOWN]),
    )
