"""The demo has NIMM and the Integrationsbeirat with invented members marked as demo, the
Beirat's rules, a past meeting with published minutes and upcoming meetings."""

import pytest
from django.utils import timezone

from wegweiser.demo.services import demo_district_load
from wegweiser.network.models import Body, Meeting, Person


@pytest.mark.django_db
def test_the_demo_has_nimm_and_the_beirat_with_invented_members_and_meetings(client: object) -> None:
    demo_district_load()
    beirat = Body.objects.get(slug="integrationsbeirat")
    nimm = Body.objects.get(slug="nimm")
    assert (
        beirat.max_members,
        beirat.max_foreign_nationals,
        beirat.min_age,
        beirat.min_residence_months,
    ) == (
        9,
        5,
        18,
        12,
    )
    assert beirat.members.filter(person__is_foreign_national=True).count() == 5
    assert 15 <= nimm.members.count() <= 25
    assert not Person.objects.filter(is_demo=False).exists()
    assert all("(Demo)" in p.name for p in Person.objects.all())
    now = timezone.now()
    past = Meeting.objects.get(body=beirat, starts_at__lt=now)
    assert past.minutes_published_at is not None and past.resolutions.get().measure is not None
    assert Meeting.objects.filter(starts_at__gt=now).count() == 2
    demo_district_load()  # idempotent
    assert Body.objects.count() == 2


@pytest.mark.django_db
def test_the_demo_has_two_meetings_per_body_and_invented_inquiries_one_answered(superuser: object) -> None:
    from wegweiser.council.models import Inquiry
    from wegweiser.council.selectors.inquiries import inquiry_deadlines

    demo_district_load()
    for body in Body.objects.all():
        assert body.meetings.count() >= 2, body
    inquiries = Inquiry.objects.all()
    assert inquiries.count() == 3 and all(i.is_demo and "(Demo)" in i.subject for i in inquiries)
    answered = inquiries.get(status=Inquiry.Status.ANSWERED)
    assert answered.letter is not None and answered.letter.get("is_demo")
    deadlines = inquiry_deadlines(actor=superuser)
    assert len(deadlines.overdue) == 1 and len(deadlines.soon) == 1
    demo_district_load()
    assert Inquiry.objects.count() == 3
