from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import (
    assembly_data,
    budget_data,
    client_portal_bulk,
    client_portal_data,
    community_data,
    cooplife_data,
    data,
    employment_bulk,
    employment_data,
    expense_bulk,
    expense_data,
    invoice_bulk,
    ledger_bulk,
    membership_data,
    order_data,
)


class Command(BaseCommand):
    help = "Create the demo data (idempotent): entities, one login per role, and optionally N generated members."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="Make sure N generated members exist.")
        parser.add_argument(
            "--orders-per-member", type=int, default=0, help="Give each generated member this many orders."
        )
        parser.add_argument(
            "--invoices-per-member", type=int, default=0, help="Give each generated member this many invoices."
        )
        parser.add_argument(
            "--ledger-rows-per-member",
            type=int,
            default=0,
            help="Bring each generated member's budget to this many ledger rows (invoices, transfers, corrections).",
        )
        parser.add_argument(
            "--expense-requests-per-member",
            type=int,
            default=0,
            help="Bring each generated member (and the demo member) to this many expense requests.",
        )
        parser.add_argument(
            "--employments",
            type=int,
            default=0,
            help=(
                "Bring the generated members' employments with Smart eG and the Bildungswerk to N altogether "
                "(mixed statuses, mostly active or ended, with contract versions and booked months)."
            ),
        )
        parser.add_argument(
            "--client-portal-rows",
            type=int,
            default=0,
            help=(
                f"Bring one client ({client_portal_bulk.CLIENT_NAME}, contact {client_portal_bulk.CONTACT_EMAIL}) "
                "to N orders and N issued invoices (and N/20 requests); runs after the other bulk options."
            ),
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(
        self,
        *args,
        scale=0,
        orders_per_member=0,
        invoices_per_member=0,
        ledger_rows_per_member=0,
        expense_requests_per_member=0,
        employments=0,
        client_portal_rows=0,
        quiet_logins=False,
        **options,
    ):
        with transaction.atomic():
            entities = data.seed_entities()
            logins = data.seed_logins(entities)
        budget_data.seed_demo_journeys(entities)
        skipped = employment_data.seed_demo_journeys(entities)  # before the travel claims, which need it
        if skipped:
            self.stderr.write(self.style.WARNING(skipped))
        expense_data.seed_demo_journeys(entities)
        client_portal_data.seed_demo_journeys(entities)
        assembly_data.seed_demo_journeys(entities)
        cooplife_data.seed_demo_journeys(entities)
        community_data.seed_demo_journeys(entities)
        membership_data.seed_demo_journeys(entities)
        if scale:
            added = data.seed_generated_members(scale, entities)
            self.stdout.write(f"Generated members: {added} added, {scale} requested.")
        if orders_per_member:
            added = order_data.seed_generated_orders(orders_per_member)
            self.stdout.write(f"Generated orders: {added} added.")
        if invoices_per_member:
            added = invoice_bulk.seed_generated_invoices(invoices_per_member)
            self.stdout.write(f"Generated invoices: {added} added.")
        if ledger_rows_per_member:
            added = ledger_bulk.seed_ledger_rows(ledger_rows_per_member)
            self.stdout.write(f"Generated ledger rows: {added} added.")
        if expense_requests_per_member:
            added = expense_bulk.seed_expense_requests(expense_requests_per_member)
            self.stdout.write(f"Generated expense requests: {added} added.")
        if employments:
            added = employment_bulk.seed_generated_employments(employments)
            self.stdout.write(f"Generated employments: {added} added, {employments} requested.")
        if client_portal_rows:
            rows = client_portal_bulk.seed_client_portal_rows(client_portal_rows, entities)
            who = f"{client_portal_bulk.CLIENT_NAME} (login {client_portal_bulk.CONTACT_EMAIL})"
            self.stdout.write(
                f"{who}: {rows['orders']} orders, {rows['invoices']} invoices (with cancellation invoices), "
                f"{rows['requests']} requests added."
            )
        if not quiet_logins:
            self.print_logins(logins)

    def print_logins(self, logins):
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(f"Smart Portal: {settings.PORTAL_BASE_URL}/"))
        write(f"Demo logins (password for all: {data.DEMO_PASSWORD}):")
        width = max(len(role) for role, _email in logins)
        for role, email in logins:
            write(f"  {role:<{width}} {email}")
        write("")
