from datetime import datetime, timedelta

from django.apps import apps
from django.utils import timezone
from django_tasks import task

from portal.core import outbox

#: A task row left ``RUNNING`` this long was abandoned by its worker (killed, machine restarted).
STALE_TASK_AFTER = timedelta(minutes=15)


@task()
def deliver_email(email_id: int) -> None:
    outbox.deliver(email_id)


#: Tasks that are safe to run again after an unknown outcome (``outbox.deliver`` claims its row first).
IDEMPOTENT_TASKS = (deliver_email,)


def recover_stuck_tasks(now: datetime | None = None) -> int:
    """Task rows of the database queue whose worker died mid-run go back to ``READY`` for another worker,
    for idempotent tasks only. Returns how many were given back. Nothing to do with other task backends."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - STALE_TASK_AFTER,
        task_path__in=[stuck.module_path for stuck in IDEMPOTENT_TASKS],
    ).update(status=TaskResultStatus.READY, started_at=None)
