"""Writing the freshness records (see the modules):

- ``records``: ``confirmation_record``, the one place that stores a confirmation;
- ``runs``: ``confirmations_run``, the periodic run that asks providers, reminds and escalates;
- ``mails``: building and sending the confirmation e-mails;
- ``answers``: what a provider's click on a signed link does."""

from wegweiser.freshness.services.records import CONFIRMATION_FIELDS, confirmation_record

__all__ = ["CONFIRMATION_FIELDS", "confirmation_record"]
