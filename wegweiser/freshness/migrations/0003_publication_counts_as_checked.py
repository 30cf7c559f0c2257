"""Published offers that were never confirmed count as checked on the day a reviewer published
them: their ``assured_date`` becomes the publication day, with a "publication" entry in the
confirmation history. Offers with a confirmation date keep it. Not reversed (the dates stay)."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Offer = apps.get_model("catalog", "Offer")
    OfferConfirmation = apps.get_model("freshness", "OfferConfirmation")
    offers = Offer.objects.filter(state="published", assured_date__isnull=True, published_at__isnull=False)
    batch = []
    for offer in offers.only("pk", "district_id", "published_at").iterator(chunk_size=2000):
        offer.assured_date = timezone.localdate(offer.published_at)
        batch.append(offer)
    Offer.objects.bulk_update(batch, ["assured_date"], batch_size=500)
    OfferConfirmation.objects.bulk_create(
        [
            OfferConfirmation(
                district_id=o.district_id,
                offer_id=o.pk,
                confirmed_on=o.assured_date,
                method="publication",
                note="Veröffentlichungsdatum (nachgetragen)",
            )
            for o in batch
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("freshness", "0002_snapshot_demo_marker"),
        ("catalog", "0005_merge_20261202_2228"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
