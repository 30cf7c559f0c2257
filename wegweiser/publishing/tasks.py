"""Background tasks of the publishing domain (django-tasks; the worker is ``manage.py db_worker``).
Tasks are thin: they look up the acting user and call the service."""

from django.contrib.auth import get_user_model
from django_tasks import task


def _user(actor_id: int | None):  # type: ignore[no-untyped-def]
    if actor_id is None:
        return None
    return get_user_model().objects.filter(pk=actor_id).first()


@task()
def edition_build_task(*, edition_id: str, actor_id: int | None = None) -> bool:
    from wegweiser.publishing.services.editions import edition_build

    return edition_build(edition_id=edition_id, actor=_user(actor_id))


@task()
def dispatch_send_task(*, dispatch_id: str, actor_id: int | None = None) -> dict[str, int]:
    from wegweiser.publishing.services.distribution import dispatch_send

    return dispatch_send(dispatch_id=dispatch_id, actor=_user(actor_id))
