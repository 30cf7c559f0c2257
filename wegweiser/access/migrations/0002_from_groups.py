"""Move to district memberships: record the district of existing audit entries, and turn the
old role groups (Redaktion, Prüfung, Planung) into memberships of the default district."""

from django.db import migrations

GROUP_ROLES = {"Redaktion": "editor", "Prüfung": "reviewer", "Planung": "planner"}


def backfill_districts(apps, schema_editor):
    """Record the district of existing entries, found through the object they describe."""
    from collections import defaultdict

    from wegweiser.core.tenancy import DISTRICT_PATHS

    AuditEntry = apps.get_model("core", "AuditEntry")
    for label, path in DISTRICT_PATHS.items():
        if label == "core.auditentry":
            continue
        try:
            model = apps.get_model(*label.split("."))
        except LookupError:
            continue
        ids = set(AuditEntry.objects.filter(object_type=label).values_list("object_id", flat=True))
        if not ids:
            continue
        by_district = defaultdict(list)
        valid = []
        for value in ids:
            try:
                valid.append(model._meta.pk.to_python(value))
            except Exception:
                continue
        for pk, district_id in model.objects.filter(pk__in=valid).values_list("pk", path):
            if district_id is not None:
                by_district[district_id].append(str(pk))
        for district_id, object_ids in by_district.items():
            AuditEntry.objects.filter(object_type=label, object_id__in=object_ids).update(
                district_id=district_id
            )


def groups_to_memberships(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    District = apps.get_model("districts", "District")
    Membership = apps.get_model("access", "Membership")
    groups = list(Group.objects.filter(name__in=GROUP_ROLES))
    if not groups:
        return
    district = District.objects.filter(is_default=True).first()
    if district is None and District.objects.count() == 1:
        district = District.objects.first()
    if district is None:
        return  # no district to map to: the groups stay; grant memberships by hand
    for group in groups:
        for user in group.user_set.all():
            Membership.objects.get_or_create(
                user=user, district=district, defaults={"role": GROUP_ROLES[group.name]}
            )
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_memberships"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0003_audit_entry_district"),
        ("catalog", "0003_offer_public_indexes"),
        ("publishing", "0001_initial"),
        ("hsds", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill_districts, migrations.RunPython.noop),
        migrations.RunPython(groups_to_memberships, migrations.RunPython.noop),
    ]
