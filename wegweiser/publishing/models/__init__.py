"""Editions of the Angebotskatalog and their distribution."""

from wegweiser.publishing.models.distribution import Delivery, Dispatch, Recipient, RecipientList
from wegweiser.publishing.models.editions import Edition, EditionDocument
from wegweiser.publishing.models.qr import QrCode

__all__ = ["Delivery", "Dispatch", "Edition", "EditionDocument", "QrCode", "Recipient", "RecipientList"]
