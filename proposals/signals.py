"""What proposals announces about its decisions, for the apps above it (editions).

proposals sits below editions and never imports it: when a proposal an import made for a new
recipe is accepted, editions adds the recipe's text to the edition it came from (receivers in
EditionsConfig.ready)."""

from django.dispatch import Signal

# Sent inside proposal_accept's transaction after the recipe was saved; sender: EditProposal;
# arguments: ``proposal`` (decided, with ``recipe`` and ``result_version_id``), ``partly`` (bool:
# some passages left out or the text edited before accepting).
proposal_accepted = Signal()
