"""An edit proposal made from a comment ("Als Änderungsvorschlag übernehmen").

The recipe page links each open thread to the proposal form with ``?kommentar=<id>``. The form
keeps the parameter in its URL (it posts to itself), so preview and submit carry it too. Only
a visible, open thread on the same recipe qualifies; any other id is a 404, so nobody can
attach a proposal to a comment elsewhere, or to a hidden or deleted one.
"""

from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from comments.anchoring import CONTEXT
from comments.models import Comment
from comments.passages import locate_all
from proposals.models import EditProposal
from recipes.rendering import render_markdown

PARAMETER = "kommentar"
SUMMARY_EXCERPT = 600  # characters of the comment quoted in the prefilled reason (max. 1000)


def proposals_of_threads(recipe):
    """(thread's comment id, proposal id, author id) of the proposals made from the threads of
    ``recipe``, withdrawn ones left out: the discussion links each thread to them (registered
    with ``comments.discussion`` in ProposalsConfig.ready)."""
    return (EditProposal.objects.filter(recipe=recipe, source_comment__isnull=False)
            .exclude(status=EditProposal.Status.WITHDRAWN).order_by("pk")
            .values_list("source_comment_id", "pk", "author_id"))


def source_comment(request, recipe) -> Comment | None:
    """The thread named by ``?kommentar=``, or None without one; 404 if it may not be used."""
    raw = request.GET.get(PARAMETER, "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404(_("Diesen Kommentar gibt es nicht."))
    comment = (Comment.objects.open_threads().filter(pk=int(raw), recipe=recipe)
               .select_related("author").first())
    if comment is None:
        raise Http404(_("Aus diesem Kommentar kann kein Vorschlag entstehen."))
    return comment


def prefilled_summary(comment: Comment) -> str:
    """The proposal's reason to start from: who asked for the change, and what they wrote."""
    excerpt = Truncator(" ".join(comment.body.split())).chars(SUMMARY_EXCERPT)
    return _("Aus dem Kommentar von %(name)s: „%(text)s“") % {
        "name": comment.author_name, "text": excerpt}


def comment_context(comment: Comment, recipe) -> dict:
    """What the form shows above the editor: the comment and, if any, its passage.

    ``passage.now`` is the passage as it reads in the current text (the editor shows that
    text); None when it is no longer there, i.e. the comment concerns an older version.
    """
    context = {
        "comment": comment,
        "body": render_markdown(comment.body, profile="comment"),
        "url": f"{recipe.get_absolute_url()}#kommentar-{comment.pk}",
        "passage": None,
    }
    if comment.anchor_quote:
        match = locate_all([comment], render_markdown(recipe.body).html).get(comment.pk)
        context["passage"] = {
            "quote": comment.anchor_quote, "prefix": comment.anchor_prefix,
            "suffix": comment.anchor_suffix, "now": match.quote if match else None,
            # Context shorter than CONTEXT reached the paragraph's start or end: no "…" there.
            "cut_before": len(comment.anchor_prefix) >= CONTEXT,
            "cut_after": len(comment.anchor_suffix) >= CONTEXT,
        }
    return context
