"""What practice announces to the apps above it (search, inbox): a report was written, edited,
hidden or shown again. Sent inside the write's transaction; receivers carry side effects only."""

from django.dispatch import Signal

# report: the PracticeReport as it is now (its ``moderation`` says whether readers see it).
report_changed = Signal()
