from django_tasks import task

from portal.core import outbox


@task()
def deliver_email(email_id: int) -> None:
    outbox.deliver(email_id)
