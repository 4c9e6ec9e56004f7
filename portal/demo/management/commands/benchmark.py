import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import User
from portal.demo import data, order_data
from portal.entities.models import IssuingEntity
from portal.orders.models import Order
from portal.orders.selectors import review_queue_for_staff


def _member_order():
    return f"/orders/{Order.objects.filter(member__email='member@example.com').order_by('pk').first().pk}/"


def _queue_order():
    entity = IssuingEntity.objects.get(code="SC")
    return f"/backoffice/orders/{review_queue_for_staff(entity=entity).first().pk}/"


#: (login, URL or a function returning it) of the pages whose speed matters most.
PAGES = [
    ("member@example.com", "/dashboard/"),
    ("member@example.com", "/orders/"),
    ("member@example.com", "/orders/?status=active"),
    ("member@example.com", _member_order),
    ("member@example.com", "/clients/"),
    ("member@example.com", "/profile/"),
    ("member@example.com", "/settings/"),
    ("staff@example.com", "/backoffice/"),
    ("staff@example.com", "/backoffice/orders/"),
    ("staff@example.com", _queue_order),
    ("staff@example.com", "/backoffice/personal-data/"),
    ("staff@example.com", "/backoffice/personal-data/?status=all"),
    ("staff@example.com", "/backoffice/members/"),
    ("staff@example.com", "/backoffice/emails/"),
    ("client@example.com", "/client/"),
]


class Command(BaseCommand):
    help = "Measure server time (p50/p95) and query count of the key pages on the current database."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Measured requests per page.")
        parser.add_argument("--scale", type=int, default=0, help="First make sure N generated members exist.")
        parser.add_argument("--orders-per-member", type=int, default=0, help="Give generated members orders.")
        parser.add_argument("--max-p95-ms", type=float, default=0, help="Fail when a page's p95 exceeds this.")

    def handle(self, *args, requests=50, scale=0, orders_per_member=0, max_p95_ms=0, **options):
        entities = data.seed_entities()
        data.seed_logins(entities)
        member, staff = (User.objects.get(email=email) for email in ("member@example.com", "staff@example.com"))
        order_data.seed_demo_orders(member, staff, entities["SC"])
        if scale:
            data.seed_generated_members(scale, entities)
        if orders_per_member:
            order_data.seed_generated_orders(orders_per_member)
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        members = User.objects.filter(roles__kind="member").distinct().count()
        orders = Order.objects.count()
        self.stdout.write(f"{members} members, {orders} orders in the database; {requests} requests per page.\n")
        self.stdout.write(f"{'page':<48} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
        too_slow = []
        for email, url in PAGES:
            url = url() if callable(url) else url
            p50, p95, queries = self.measure(email, url, requests, host)
            self.stdout.write(f"{email.split('@')[0] + ' ' + url:<48} {p50:8.1f} {p95:8.1f} {queries:>8}")
            if max_p95_ms and p95 > max_p95_ms:
                too_slow.append(url)
        if too_slow:
            raise CommandError(f"p95 above {max_p95_ms} ms: {', '.join(too_slow)}")

    def measure(self, email, url, requests, host):
        client = Client(HTTP_HOST=host)
        client.force_login(User.objects.get(email=email))
        for _warm_up in range(3):
            self.get(client, url)
        timings, query_counts = [], set()
        for _request in range(requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                self.get(client, url)
                timings.append((time.perf_counter() - started) * 1000)
            query_counts.add(len(queries))
        p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        queries = "/".join(str(n) for n in sorted(query_counts))
        return statistics.median(timings), p95, queries

    @staticmethod
    def get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
