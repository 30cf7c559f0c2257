"""The catalog's data model, aligned one to one with HSDS 3.0 entities where they exist."""

from wegweiser.catalog.models.funding import FundingProgramme
from wegweiser.catalog.models.locations import Location, LocationTranslation, OfferLocation
from wegweiser.catalog.models.offers import Offer, OfferTranslation
from wegweiser.catalog.models.organisations import (
    Organisation,
    OrganisationIdentifier,
    OrganisationTranslation,
)
from wegweiser.catalog.models.reachability import Contact, Phone
from wegweiser.catalog.models.schedules import Schedule, ScheduleTranslation
from wegweiser.catalog.models.taxonomy import Taxonomy, TaxonomyTerm, TaxonomyTermTranslation

__all__ = [
    "Contact",
    "FundingProgramme",
    "Location",
    "LocationTranslation",
    "Offer",
    "OfferLocation",
    "OfferTranslation",
    "Organisation",
    "OrganisationIdentifier",
    "OrganisationTranslation",
    "Phone",
    "Schedule",
    "ScheduleTranslation",
    "Taxonomy",
    "TaxonomyTerm",
    "TaxonomyTermTranslation",
]
