"""Fuzz targets of membership: the public application with its confirmation link, the member's page
with its requests and certificate, the Smart team's applications, share register and share requests."""

from django.urls import reverse

from tests.fuzz.targets import Target, get, pk, post, url
from tests.fuzz.world import World

APPLICATION_STAFF = url("backoffice:application_detail", pk("application"))
PAID_STAFF = url("backoffice:application_detail", pk("application_paid"))
MEMBERSHIP = url("membership:home")
REQUESTS_STAFF = url("backoffice:share_request_queue")


def apply_path(world: World) -> str:
    return reverse("membership:apply") + "?entity=SC"


def verify_path(world: World) -> str:
    return reverse("membership:verify", args=[world.application_token])


def new_application(world: World) -> dict[str, list[str]]:
    return {
        "entity": ["SC"],
        "first_name": ["Mara"],
        "last_name": ["Klein"],
        "email": ["mara.fuzz@test.example"],
        "street": ["Hermannstraße 20"],
        "postal_code": ["12049"],
        "city": ["Berlin"],
        "country": ["DE"],
        "birth_date": ["1993-04-12"],
        "shares": ["2"],
        "statutes_accepted": ["on"],
        "privacy_accepted": ["on"],
        "typed_name": ["Mara Klein"],
        "website": [""],
    }


def accept_prefix(world: World) -> dict[str, list[str]]:
    return {f"req-{world.member2_request.pk}-accept-paid_on": [""]}


def reject_prefix(world: World) -> dict[str, list[str]]:
    return {f"req-{world.member2_request.pk}-reject-reason": ["Bitte Rücksprache"]}


def paid_on(world: World) -> dict[str, list[str]]:
    return {f"entry-{world.unpaid_entry.pk}-paid_on": ["2026-01-02"]}


MEMBERSHIP_TARGETS = [
    # The public application: no login.
    Target("membership:apply", "anonymous", "get", apply_path, extra={"entity": ["SC"]}),
    Target("membership:apply", "anonymous", "post", apply_path, values=new_application, upload="declaration"),
    get("membership:apply_sent", "anonymous"),
    Target("membership:verify", "anonymous", "get", verify_path, hostile_path=True),
    Target("membership:verify", "anonymous", "post", verify_path, hostile_path=True),
    # The member's page.
    get("membership:home", "member", extra={"page": ["2"]}),
    post("membership:request_additional", "member", source=MEMBERSHIP, values={"more-shares": ["1"]}),
    post("membership:request_termination", "member", source=MEMBERSHIP, values={"notice-confirm": ["on"]}),
    post("membership:request_withdraw", "member", pk("member_request"), source=MEMBERSHIP),
    post(
        "membership:request_transfer",
        "member",
        source=MEMBERSHIP,
        values={"transfer-recipient_number": ["000102"], "transfer-shares": ["1"], "transfer-note": [""]},
    ),
    post("membership:transfer_agree", "member2", pk("share_transfer"), source=MEMBERSHIP),
    post("membership:transfer_decline", "member2", pk("share_transfer"), source=MEMBERSHIP),
    get("membership:certificate", "member", lambda world: world.member_request.entity_id, weight=0.2),
    # The Smart team.
    get(
        "backoffice:application_queue",
        "staff",
        extra={"page": ["2"], "q": ["ANT-1"], "status": ["submitted"], "entity": ["SC"]},
    ),
    get("backoffice:application_detail", "staff", pk("application")),
    post(
        "backoffice:application_payment",
        "staff",
        pk("application"),
        source=APPLICATION_STAFF,
        values={"received_on": ["2026-01-02"]},
    ),
    post("backoffice:application_accept", "staff", pk("application_paid"), source=PAID_STAFF),
    post(
        "backoffice:application_reject",
        "staff",
        pk("application"),
        source=APPLICATION_STAFF,
        values={"reason": ["Unvollständig"]},
    ),
    get("backoffice:application_declaration", "staff", pk("application")),
    get(
        "backoffice:share_register",
        "staff",
        extra={"page": ["2"], "q": ["Weber"], "kind": ["subscription"], "start": ["2020-01-01"], "unpaid": ["on"]},
    ),
    get(
        "backoffice:share_register_export",
        "staff",
        source=url("backoffice:share_register"),  # the register's filters
        extra={"entity": ["SC"], "end": ["2030-12-31"]},
    ),
    post(
        "backoffice:share_entry_paid",
        "staff",
        pk("unpaid_entry"),
        source=url("backoffice:share_register"),
        values=paid_on,
    ),
    get("backoffice:share_request_queue", "staff", extra={"status": ["pending"], "kind": [""], "page": ["2"]}),
    post(
        "backoffice:share_request_accept", "staff", pk("member2_request"), source=REQUESTS_STAFF, values=accept_prefix
    ),
    post(
        "backoffice:share_request_reject", "staff", pk("member2_request"), source=REQUESTS_STAFF, values=reject_prefix
    ),
]
