"""The district's settings change only through ``district_update``, which allows a fixed list of fields."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from wegweiser.core.models import AuditEntry
from wegweiser.districts.models import District
from wegweiser.districts.services import district_update


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["key", "slug", "catalog_version", "is_default", "is_demo"])
def test_district_update_refuses_fields_outside_the_allow_list(field: str, district: District) -> None:
    with pytest.raises(ValueError):
        district_update(actor=None, district=district, data={field: "x", "office_phone": "1"})
    district.refresh_from_db()
    assert district.office_phone == ""


@pytest.mark.django_db
def test_district_update_needs_the_permission(editor: Any, district: District) -> None:
    with pytest.raises(PermissionDenied):
        district_update(actor=editor, district=district, data={"stale_after_months": 3})


@pytest.mark.django_db
def test_reviewer_updates_the_settings_with_an_audit_entry(reviewer: Any, district: District) -> None:
    changes = district_update(actor=reviewer, district=district, data={"stale_after_months": 3})

    assert list(changes.values()) == [["12", "3"]]
    assert AuditEntry.objects.get(object_type="districts.district", actor=reviewer).changes == changes
