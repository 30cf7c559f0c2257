"""Editions of the Angebotskatalog and their distribution."""

from wegweiser.publishing.models.distribution import Delivery, Dispatch, Recipient, RecipientList
from wegweiser.publishing.models.editions import Edition, EditionDocument

__all__ = ["Delivery", "Dispatch", "Edition", "EditionDocument", "Recipient", "RecipientList"]
