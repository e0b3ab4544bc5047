"""What the surveys app tells the apps above it."""

from django.dispatch import Signal

# Sent with `invitation` (answered: its headline figures set) inside the transaction
# of keyfolio.surveys.services.survey_answer, whose claim is an UPDATE and so sends no
# model signal. Outgoing webhooks announce it once the transaction commits.
survey_answered = Signal()
