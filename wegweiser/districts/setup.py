"""Setting up a real district from the data the product carries: the district, all its
municipalities with their facts and boundaries, the seeded vocabularies, the roles and a first
reviewer account. ``manage.py district_setup`` is a thin wrapper around ``district_setup``."""

import secrets
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegweiser.access import permissions
from wegweiser.access.policy import require
from wegweiser.access.roles import REVIEWER
from wegweiser.access.services import membership_grant
from wegweiser.core.audit import audit_record
from wegweiser.core.models import AuditEntry
from wegweiser.core.services import unique_slug
from wegweiser.districts.models import District, Municipality
from wegweiser.districts.municipality_data import DistrictFacts, MunicipalityFacts, district_facts
from wegweiser.districts.services import district_create, municipality_create, municipality_update

# The seed migrations are idempotent (get_or_create); running them again restores deleted rows.
SEED_MIGRATIONS = (
    ("wegweiser.core.migrations.0002_seed_languages", "seed"),
    ("wegweiser.catalog.migrations.0002_seed_taxonomies", "seed"),
    ("wegweiser.catalog.migrations.0004_seed_descriptions_and_unique_codes", "forwards"),
    ("wegweiser.catalog.migrations.0009_seed_vocabulary_translations", "seed"),
)


@dataclass
class DistrictSetupResult:
    district: District
    created: bool
    municipalities_created: int = 0
    municipalities_updated: int = 0
    without_boundary: list[str] = field(default_factory=list)
    reviewer: Any = None
    reviewer_password: str | None = None  # only when the account was created now
    population_values: int = 0  # indicator values of the population written (planning)


def vocabularies_ensure() -> None:
    """The languages and taxonomies every installation starts with (as the migrations seed them)."""
    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)


def _municipality_data(district: District, facts: MunicipalityFacts, population_date: Any) -> dict[str, Any]:
    return {
        "district": district,
        "ags": facts.ags,
        "name": facts.name,
        "kind": Municipality.Kind.CITY if facts.is_town else Municipality.Kind.MUNICIPALITY,
        "population": facts.population,
        "population_male": facts.population_male,
        "population_female": facts.population_female,
        "population_date": population_date,
        "postcode": facts.postcode,
        "area_km2": facts.area_km2,
        "latitude": facts.latitude,
        "longitude": facts.longitude,
        "boundary": facts.boundary,
    }


def _municipalities_apply(
    *, actor: Any, district: District, facts: DistrictFacts, result: DistrictSetupResult
) -> None:
    existing = {m.ags: m for m in Municipality.objects.filter(ags__in=[m.ags for m in facts.municipalities])}
    for item in facts.municipalities:
        data = _municipality_data(district, item, facts.population_date)
        found = existing.get(item.ags)
        if found is None:
            municipality_create(actor=actor, data=data)
            result.municipalities_created += 1
            continue
        if found.district_id != district.pk:
            raise ValidationError(
                _("The municipality %(ags)s %(name)s already belongs to the district %(district)s.")
                % {"ags": item.ags, "name": item.name, "district": found.district}
            )
        # A municipality's kind may have been refined by hand (rural municipality); keep it.
        if found.kind == Municipality.Kind.RURAL and data["kind"] == Municipality.Kind.MUNICIPALITY:
            data["kind"] = found.kind
        data.pop("district"), data.pop("ags")
        if all(getattr(found, name) == value for name, value in data.items()):
            continue  # nothing to write (a re-run): no queries, no audit entry
        if municipality_update(actor=actor, municipality=found, data=data):
            result.municipalities_updated += 1
    result.without_boundary = [f"{m.ags} {m.name}" for m in facts.without_boundary]


def district_reviewer_grant(
    *, actor: Any, district: District, email: str, username: str
) -> tuple[Any, str | None]:
    """Give ``district`` its first reviewer: the account (created with a random initial password,
    returned once) becomes a reviewer of the district. An existing account keeps its password (None)."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User(username=username, email=email, is_staff=True)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            instance=user,
            summary=_("Reviewer account for %(district)s") % {"district": district},
        )
    membership_grant(actor=actor, user=user, district=district, role=REVIEWER)
    return user, password


@transaction.atomic
def district_setup(
    *, actor: Any, key: str, reviewer_email: str = "", reviewer_username: str = ""
) -> DistrictSetupResult:
    """Create (or bring up to date) the district ``key`` (5 digits) with all its municipalities from
    the product's data files. Idempotent: a second run updates the municipalities' facts and creates
    nothing twice; the district's settings edited by staff stay. All or nothing."""
    require(actor=actor, permission=permissions.DISTRICT_ADD)
    facts = district_facts(key=key)
    vocabularies_ensure()
    district = District.objects.filter(key=facts.key).first()
    result = DistrictSetupResult(district=district, created=district is None)  # type: ignore[arg-type]
    if district is None:
        district = district_create(
            actor=actor,
            data={
                "key": facts.key,
                "name": facts.name,
                "slug": unique_slug(District.objects.all(), facts.name),
                "office_name": _("Coordinating office (please fill in)"),
                "is_default": not District.objects.exists(),
            },
        )
        result.district = district
    _municipalities_apply(actor=actor, district=district, facts=facts, result=result)
    # Population as indicator values, and the starting table of languages per nationality group,
    # for the planning pages (``wegweiser.planning``).
    from wegweiser.planning.services import nationality_groups_seed, population_indicators_sync

    result.population_values = population_indicators_sync(actor=actor, district=district)
    nationality_groups_seed(actor=actor, district=district)
    # The default synonym list (Kita ⇄ Kindergarten, Ausländerbehörde ⇄ Migrationsamt, …).
    from wegweiser.search.seed import synonyms_seed

    synonyms_seed(actor=actor, district=district)
    if reviewer_email or reviewer_username:
        username = reviewer_username or reviewer_email.split("@")[0]
        result.reviewer, result.reviewer_password = district_reviewer_grant(
            actor=actor, district=district, email=reviewer_email, username=username
        )
    return result
