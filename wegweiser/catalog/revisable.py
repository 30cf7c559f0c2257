"""What may be changed on an offer through a reviewed revision (``wegweiser.revisions``).

The allow-list belongs to the catalog, which owns offers: staff without the publish permission
propose changes to these fields, many-to-many fields and parts of a published offer, and a
reviewer accepts them through the catalog's own services. Everything else (district, slug,
publication state, confirmation) changes only through those services. Partners (the partner
portal, ``wegweiser.partners``) may propose changes to the narrower ``OFFER_PARTNER_FIELDS`` only;
``revision_propose`` enforces that for every actor who proposes as a partner.
"""

OFFER_REVISABLE_FIELDS: tuple[str, ...] = (
    "organisation",
    "name",
    "short_description",
    "description",
    "alert",
    "status",
    "valid_from",
    "valid_to",
    "url",
    "email",
    "interpretation_available",
    "minimum_age",
    "maximum_age",
    "eligibility_description",
    "cost_free",
    "cost_amount",
    "cost_description",
    "registration_required",
    "registration_howto",
    "documents_to_bring",
    "childcare_available",
    "serves_whole_district",
    "is_mobile",
    "places",
    "hours_per_week",
    "waiting_list",
)

OFFER_REVISABLE_M2M: tuple[str, ...] = ("terms", "languages", "municipalities", "funding_programmes")

# Parts of an offer: related name -> (foreign key to the offer, the field identifying a row,
# the revisable fields of a row). Translations are identified by their language, the other
# parts by their UUID.
OFFER_REVISABLE_PARTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "translations": (
        "master",
        "language",
        (
            "name",
            "short_description",
            "description",
            "alert",
            "eligibility_description",
            "cost_description",
            "registration_howto",
            "documents_to_bring",
        ),
    ),
    "offer_locations": ("offer", "id", ("location", "description")),
    "schedules": (
        "offer",
        "id",
        ("freq", "interval", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "notes"),
    ),
    "contacts": ("offer", "id", ("name", "title", "department", "email")),
    "phones": ("offer", "id", ("number", "extension", "kind", "description")),
}

# What partners may propose: everything but the organisation (an offer stays with its provider).
# The status is included: a partner reports an offer as paused or ended through it.
OFFER_PARTNER_FIELDS: tuple[str, ...] = (
    tuple(name for name in OFFER_REVISABLE_FIELDS if name != "organisation")
    + OFFER_REVISABLE_M2M
    + tuple(OFFER_REVISABLE_PARTS)
)
