"""Orders approved before budgets existed book on the member's personal budget of their entity."""

from django.db import migrations

#: The statuses an order can only reach after the Smart team approved it.
APPROVED = ("client_confirmation", "active", "cancellation_review", "cancelled", "completed")


def assign_personal_budgets(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Budget = apps.get_model("budget", "Budget")
    pairs = Order.objects.filter(budget__isnull=True, status__in=APPROVED).values_list("member_id", "entity_id")
    for member_id, entity_id in set(pairs):
        budget, _created = Budget.objects.get_or_create(
            kind="personal", owner_id=member_id, entity_id=entity_id, defaults={"status": "active"}
        )
        Order.objects.filter(
            budget__isnull=True, status__in=APPROVED, member_id=member_id, entity_id=entity_id
        ).update(budget=budget)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0014_order_budget"),
        ("budget", "0002_protect_ledger_rows"),
    ]

    operations = [migrations.RunPython(assign_personal_budgets, migrations.RunPython.noop)]
