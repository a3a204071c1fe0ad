"""What proposals holds about a person, for the data export (``accounts.privacy``; registered in
ProposalsConfig.ready). Proposals stay when an account is deleted, shown as "gelöschtes Konto"."""

from accounts.privacy import iso
from proposals.models import EditProposal


def proposals_written(user) -> list[dict]:
    return [
        {"datum": iso(proposal.created_at), "titel": proposal.title, "text": proposal.body,
         "begruendung": proposal.summary, "status": proposal.status}
        for proposal in EditProposal.objects.filter(author=user)
    ]
