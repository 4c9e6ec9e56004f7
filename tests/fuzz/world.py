"""The data the fuzz test works on: one object in every state a form can act on, and a logged-in
browser per persona."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import logged_in, make_member, make_user, with_totp
from portal.accounts.models import PersonalDataChangeRequest, Role, User
from portal.accounts.services import personal_data_request_submit
from portal.assembly.models import AgendaItem, Assembly, AssemblyDocument, ProxyAuthorisation, Vote
from portal.banking import services as statements
from portal.banking.models import BankStatement
from portal.budget import collective
from portal.budget import services as budgets
from portal.budget.ledger import budget_personal
from portal.budget.models import Budget, Correction, Participant, Transfer
from portal.clientportal import requests as client_requests
from portal.clientportal import services as portal_services
from portal.clientportal.access import load_portal
from portal.clientportal.models import ClientPortalSettings, ClientRequest, ClientRequestFile, ContactAccess
from portal.clientportal.tests.factories import offered
from portal.community.models import CommunityPost
from portal.cooplife.models import CoopEvent, News
from portal.core.models import OutboundEmail
from portal.core.scope import Scope
from portal.core.tokens import token_hash
from portal.core.transitions import Actor
from portal.customers.models import Client
from portal.demo.data import seed_entities
from portal.employment import changes as employment_changes
from portal.employment import documents as employment_documents
from portal.employment import services as employments
from portal.employment.categories import DATA_DIR, salary_categories_load
from portal.employment.models import (
    CertificateRequest,
    ChangeProof,
    ChangeRequest,
    ContractVersion,
    Employment,
    EmploymentStatus,
    Payslip,
)
from portal.employment.rules import MIN_MONTHS, MONTHS_COVERED, month_start
from portal.employment.tests.factories import active_employment
from portal.entities.models import IssuingEntity
from portal.expenses import payouts
from portal.expenses import services as expenses
from portal.expenses.models import ExpenseRequest, PayoutBatch, Receipt, Status
from portal.expenses.tests.factories import funded_budget, pdf, receipt
from portal.expenses.transitions import Event as ExpenseEvent
from portal.expenses.travel import StageInput, TripInput, travel_claim_save
from portal.invoicing.models import Invoice
from portal.invoicing.services.payments import payment_record
from portal.invoicing.tests.factories import DESIGN, active_order, client_in, draft_for, issued_invoice
from portal.membership.models import MembershipApplication, ShareEntry, ShareRequest
from portal.orders import confirmation
from portal.orders.models import Order, OrderAttachment
from portal.orders.services import order_client_respond, order_transition
from portal.orders.tests.factories import complete_order
from portal.orders.transitions import Event
from portal.travelrates.compute import Day
from tests.fuzz.world_assembly import with_assembly
from tests.fuzz.world_community import with_community
from tests.fuzz.world_cooplife import with_cooplife
from tests.fuzz.world_membership import with_membership

SAMPLES = Path(__file__).resolve().parents[2] / "portal" / "banking" / "tests" / "files"


@dataclass
class World:
    member: User
    member2: User
    staff: User
    admin: User
    contact: User
    client: Client
    draft_order: Order
    review_order: Order
    confirm_order: Order
    token: str
    attachment: OrderAttachment
    review_attachment: OrderAttachment
    draft: Invoice
    issued: Invoice
    statement: BankStatement
    change_request: PersonalDataChangeRequest
    own_change_request: PersonalDataChangeRequest
    email: OutboundEmail
    reset_path: str
    #: The member's personal budget (SC) with income, fee and corrections booked.
    budget: Budget
    #: A collective budget the member manages; member2 belongs to it, member3 is invited.
    collective: Budget
    seat: Participant
    #: The link the invitation to member3 e-mailed (its token known, like the confirmation link's).
    invitation: str
    #: A transfer from the member's personal budget to the collective one, awaiting the Smart team.
    transfer: Transfer
    #: A correction above the four-eyes limit another staff member asked for: staff may decide it.
    correction: Correction
    #: The member's expenses (the member has an active employment, so claims travel costs), on the personal budget:
    #: a saved receipt, drafts of each kind, a direct payment waiting for the Smart team, an approved
    #: reimbursement not paid yet and its receipt, an exported payout batch and an approved travel claim.
    receipt: Receipt
    reimbursement: ExpenseRequest
    direct_payment: ExpenseRequest
    travel: ExpenseRequest
    submitted: ExpenseRequest
    approved: ExpenseRequest
    approved_receipt: Receipt
    batch: PayoutBatch
    travel_approved: ExpenseRequest
    #: The client portal of the world's client: the contact's access with every permission, an invited
    #: contact who has not chosen a password yet, a deactivated one; an offer awaiting the client's answer
    #: with a file shared with the client, an invoice issued to the client, a request the contact sent
    #: the member (with a file), and the token of an offer's link the client answered through.
    contact_access: ContactAccess
    invited_access: ContactAccess
    former_access: ContactAccess
    offered_order: Order
    shared_attachment: OrderAttachment
    client_invoice: Invoice
    client_request: ClientRequest
    client_request_file: ClientRequestFile
    answered_token: str
    #: The member's employments with Smart eG (SC), one in each status a page acts on, in periods that do not
    #: overlap: the active one (with a payslip, an open and an answered certificate request), a draft, a
    #: request waiting for the Smart team, an approved one with its contract to sign, a signed one whose
    #: signature waits for confirmation (signed by upload); member2's active employment with a change request
    #: (an interruption, with a proof) waiting for the Smart team.
    employment: Employment
    employment_draft: Employment
    employment_submitted: Employment
    employment_approved: Employment
    employment_signed: Employment
    approved_contract: ContractVersion
    signed_contract: ContractVersion
    payslip: Payslip
    certificate_open: CertificateRequest
    certificate_answered: CertificateRequest
    employment_change: ChangeRequest
    change_proof: ChangeProof
    #: The general assembly (see ``world_assembly``).
    assembly: Assembly
    assembly_question: Vote
    assembly_election: Vote
    assembly_document: AssemblyDocument
    assembly_item: AgendaItem
    proxy: ProxyAuthorisation
    #: Cooperative life (see ``world_cooplife``).
    news: News
    coop_event: CoopEvent
    coop_event_open: CoopEvent
    #: The community (see ``world_community``).
    community_post: CommunityPost
    community_published: CommunityPost
    #: Membership (see ``world_membership``).
    application: MembershipApplication
    application_paid: MembershipApplication
    application_token: str
    unpaid_entry: ShareEntry
    member_request: ShareRequest
    member2_request: ShareRequest
    share_transfer: ShareRequest
    #: Session cookies of each persona, logged in once so every example starts from the same session.
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)

    #: One browser per persona: a new test client loads the middleware again (WhiteNoise scans the static
    #: files), which would take most of the run.
    browsers: dict[str, HttpClient] = field(default_factory=dict)

    def http(self, persona: str) -> HttpClient:
        """The browser of ``persona`` ("anonymous" for none) with the cookies of its fresh login: what
        one example did to its cookies (log out, log in, switch language) does not reach the next."""
        http = self.browsers.setdefault(persona, HttpClient())
        http.cookies = SimpleCookie(self.cookies.get(persona, {}))
        return http


def attach(order: Order, member: User) -> OrderAttachment:
    attachment = OrderAttachment(
        order=order, original_name="proof.pdf", content_type="application/pdf", size=8, uploaded_by=member
    )
    attachment.file.save("proof.pdf", ContentFile(b"%PDF-1.4"), save=False)
    attachment.save()
    return attachment


def with_budgets(
    member: User, member2: User, third: User, staff: User, sc: IssuingEntity
) -> tuple[Budget, Budget, Participant, str, Transfer, Correction]:
    """The member's personal budget with a paid invoice and corrections; a collective budget the member
    manages with member2 in it, member3 invited (a free member number, 000104, left to invite) and money
    transferred to it; a transfer awaiting approval; a correction above the four-eyes limit."""
    make_member("member4@test.example", sc, number="000104")
    paid = issued_invoice(member, sc, client_in("DE"), [DESIGN])
    payment_record(invoice_id=paid.pk, amount=paid.gross_total, received_on=paid.issue_date, user=staff)
    budget = budget_personal(member_id=member.pk, entity_id=sc.pk)
    budgets.correction_request(budget_id=budget.pk, amount="-20.00", reason="Kontoführung", user=staff)

    group = collective.collective_create(
        user=member, entity_id=sc.pk, name="Kollektiv Kino Nord", invitee_numbers=["000102"]
    )
    seat = Participant.objects.get(budget=group, member=member2)
    Participant.objects.filter(pk=seat.pk).update(token_hash=token_hash("fuzz-accepted-invitation"))
    collective.invitation_answer(token="fuzz-accepted-invitation", user=member2, accept=True)
    collective.participant_invite(budget_id=group.pk, member_numbers=["000103"], user=member)
    invitation = "fuzz-invitation-token"
    Participant.objects.filter(budget=group, member=third).update(token_hash=token_hash(invitation))
    funding = budgets.transfer_request(
        source_id=budget.pk, target_id=group.pk, amount="300.00", reason="Anteil Kino Nord", user=member
    )
    budgets.transfer_decide(transfer_id=funding.pk, event="approve", user=staff)
    transfer = budgets.transfer_request(
        source_id=budget.pk, target_id=group.pk, amount="100.00", reason="Material", user=member
    )
    second = make_user("staff2@test.example", first_name="Tom", last_name="Zweit")
    Role.objects.create(user=second, kind=Role.Kind.STAFF, entity=sc)
    correction = budgets.correction_request(
        budget_id=budget.pk, amount="1500.00", reason="Nachbuchung Honorar", user=second
    )
    assert correction.status == Correction.Status.PENDING
    group.refresh_from_db()
    seat.refresh_from_db()
    return budget, group, seat, invitation, transfer, correction


def supplier_invoice(invoice_number: str, gross: str) -> expenses.SupplierInvoiceData:
    today = timezone.localdate()
    return expenses.SupplierInvoiceData(
        supplier="Druckerei Gutenberg GmbH",
        iban="DE02 1203 0000 0000 2020 51",
        bic="",
        invoice_number=invoice_number,
        invoice_date=today - timedelta(days=2),
        due_date=today + timedelta(days=12),
        gross=Decimal(gross),
        vat_rate=Decimal("19"),
        addressed_to_cooperative=True,
    )


def trip(days_ago: int) -> TripInput:
    """A trip to Paris and back, over two nights and ended ``days_ago`` (before the submission deadline)."""
    first = timezone.localdate() - timedelta(days=days_ago + 2)
    starts_at, ends_at = datetime.combine(first, time(6)), datetime.combine(first + timedelta(days=2), time(19, 30))
    return TripInput(
        starts_at=starts_at,
        ends_at=ends_at,
        stages=[
            StageInput(starts_at, "DE"),
            StageInput(starts_at + timedelta(hours=5), "FR", "Paris"),
            StageInput(ends_at - timedelta(hours=3), "DE"),
        ],
        days={first + timedelta(days=1): Day(dinner=True)},
        kilometres=Decimal("12.5"),
    )


@dataclass
class Expenses:
    """The expense objects of the world (its fields of the same names)."""

    receipt: Receipt
    reimbursement: ExpenseRequest
    direct_payment: ExpenseRequest
    travel: ExpenseRequest
    submitted: ExpenseRequest
    approved: ExpenseRequest
    approved_receipt: Receipt
    batch: PayoutBatch
    travel_approved: ExpenseRequest


def with_expenses(member: User, staff: User, budget: Budget) -> Expenses:
    """The member employed (an active employment), and an expense in every state a page acts on, on the
    member's personal budget (its paid invoice leaves enough available for expenses), each made through the
    services as the member and the Smart team would."""
    employment = active_employment(member, budget.entity)
    # Its four months are reserved on the budget: they are funded, so that the expenses below still fit.
    funded_budget(member, budget.entity, str(employment.category.total_cost * 4))
    sc = budget.entity

    def submitted(request: ExpenseRequest) -> ExpenseRequest:
        return expenses.request_submit(member=member, request_id=request.pk)

    def approved(request: ExpenseRequest) -> ExpenseRequest:
        submitted(request)
        return expenses.request_decide(user=staff, request_id=request.pk, event=ExpenseEvent.APPROVE)

    def reimbursement(title: str, *grosses: str) -> ExpenseRequest:
        receipts = [receipt(member, gross=gross).pk for gross in grosses]
        return expenses.reimbursement_save(member=member, budget_id=budget.pk, title=title, receipt_ids=receipts)

    def direct_payment(title: str, invoice_number: str, gross: str) -> ExpenseRequest:
        return expenses.direct_payment_save(
            member=member,
            budget_id=budget.pk,
            title=title,
            invoice=supplier_invoice(invoice_number, gross),
            upload=pdf(content=b"%PDF-1.4\n" + invoice_number.encode()),
        )

    def travel(title: str, days_ago: int) -> ExpenseRequest:
        return travel_claim_save(member=member, budget_id=budget.pk, title=title, trip=trip(days_ago))

    saved = receipt(member, gross="23.80")
    draft = reimbursement("Büromaterial", "59.50", "11.90")
    paid_in_batch = approved(reimbursement("Kamera-Akku", "89.25"))
    batch = payouts.batch_create(
        user=staff, entity_id=sc.pk, request_ids=[paid_in_batch.pk], execution_date=timezone.localdate()
    )
    open_request = approved(reimbursement("Fachbuch", "42.80"))
    travel_approved = approved(travel("Messe Paris", 3))
    result = Expenses(
        receipt=saved,
        reimbursement=draft,
        direct_payment=direct_payment("Flyer", "RE-2026-117", "595.00"),
        travel=travel("Kundentermin Paris", 1),
        submitted=submitted(direct_payment("Plakate", "RE-2026-118", "238.00")),
        approved=open_request,
        approved_receipt=open_request.receipts.get(),
        batch=batch,
        travel_approved=travel_approved,
    )
    assert result.batch.status == PayoutBatch.Status.EXPORTED and result.submitted.status == Status.SUBMITTED
    return result


@dataclass
class ClientPortal:
    """The client-portal objects of the world (its fields of the same names)."""

    contact_access: ContactAccess
    invited_access: ContactAccess
    former_access: ContactAccess
    offered_order: Order
    shared_attachment: OrderAttachment
    client_invoice: Invoice
    client_request: ClientRequest
    client_request_file: ClientRequestFile
    answered_token: str


def with_client_portal(member: User, staff: User, contact: User, client: Client, sc: IssuingEntity) -> ClientPortal:
    """The client's portal with the contact's access (every permission) and contacts may edit the
    client's profile; two more contacts invited by the Smart team, one of them deactivated; an offer for
    the client with a shared file, an invoice issued to the client, a request to the member with a file,
    and an offer the client confirmed through its e-mail link (known token) a moment ago."""
    contact_access = ContactAccess.objects.create(user=contact, client=client)
    ClientPortalSettings.objects.create(client=client, contacts_may_edit_profile=True)
    scope = Scope.staff(staff, [sc.pk])
    invited_access = portal_services.contact_invite(
        actor=staff, scope=scope, client_id=client.pk, email="klara@abc.example", first_name="Klara"
    )
    former_access = portal_services.contact_invite(
        actor=staff, scope=scope, client_id=client.pk, email="former@abc.example", last_name="Früher"
    )
    portal_services.contact_set_active(actor=staff, scope=scope, access_id=former_access.pk, active=False)
    former_access.refresh_from_db()

    offered_order = offered(member, staff, sc, client, title="Offer for the portal")
    shared_attachment = attach(offered_order, member)
    shared_attachment.shared_with_client = True
    shared_attachment.save(update_fields=["shared_with_client"])
    client_invoice = issued_invoice(member, sc, client, [DESIGN])

    today = timezone.localdate()
    client_request = client_requests.request_submit(
        portal=load_portal(user=contact, client=client),
        contact=contact,
        data=client_requests.RequestData(
            member_id=member.pk,
            kind="quote",
            title="Website relaunch",
            description="Neue Website mit Shop",
            desired_start=today + timedelta(days=10),
            desired_end=today + timedelta(days=40),
            budget_idea="5000.00",
        ),
        files=[pdf("briefing.pdf")],
    )
    assert client_request.status == ClientRequest.Status.SUBMITTED

    answered = offered(member, staff, sc, client, title="Answered through the link")
    answered_token = "fuzz-answered-confirmation-token"
    link = answered.confirmation_links.get(used_at__isnull=True, revoked_at__isnull=True)
    link.token_hash = confirmation.token_hash(answered_token)
    link.save(update_fields=["token_hash"])
    order_client_respond(order_id=answered.pk, action="confirm", name="Petra Kunde", link_id=link.pk)
    return ClientPortal(
        contact_access=contact_access,
        invited_access=invited_access,
        former_access=former_access,
        offered_order=offered_order,
        shared_attachment=shared_attachment,
        client_invoice=client_invoice,
        client_request=client_request,
        client_request_file=client_request.files.get(),
        answered_token=answered_token,
    )


@dataclass
class Employments:
    """The employment objects of the world (its fields of the same names)."""

    employment: Employment
    employment_draft: Employment
    employment_submitted: Employment
    employment_approved: Employment
    employment_signed: Employment
    approved_contract: ContractVersion
    signed_contract: ContractVersion
    payslip: Payslip
    certificate_open: CertificateRequest
    certificate_answered: CertificateRequest
    employment_change: ChangeRequest
    change_proof: ChangeProof


def with_employments(member: User, member2: User, staff: User, sc: IssuingEntity) -> Employments:
    """Employments in every status a page acts on, made through the services as the member and the Smart
    team would (the active ones as the factory leaves them: activation is the daily command's business)."""
    salary_categories_load(path=DATA_DIR / "SC-2026.csv")  # loaded already for the active one: unchanged
    scope = Scope.staff(staff, [sc.pk])
    active = Employment.objects.get(member=member, entity=sc, status=EmploymentStatus.ACTIVE)
    category = active.category
    # The approved and the signed employment reserve their months on the budget, and the draft must still
    # be covered when the fuzz sends it: those months are funded.
    funded_budget(member, sc, str(category.total_cost * (2 * MIN_MONTHS + MONTHS_COVERED + 1)))
    this_month = month_start(timezone.localdate())

    def requested(months_ahead: int) -> Employment:
        """A draft of the cheapest category, from the first of the month ``months_ahead`` months ahead."""
        start = this_month + relativedelta(months=months_ahead)
        end = start + relativedelta(months=MIN_MONTHS) - timedelta(days=1)
        data = employments.RequestData(entity_id=sc.pk, category_id=category.pk, start=start, end=end)
        return employments.employment_save(member=member, employment_id=None, data=data)

    def submitted(months_ahead: int) -> Employment:
        return employments.employment_submit(member=member, employment_id=requested(months_ahead).pk)

    def approved(months_ahead: int) -> Employment:
        employment_id = submitted(months_ahead).pk
        contract = pdf("contract.pdf")
        return employments.employment_approve(staff=staff, scope=scope, employment_id=employment_id, contract=contract)

    employment_submitted = submitted(MIN_MONTHS)
    employment_approved = approved(2 * MIN_MONTHS)
    employment_signed = employments.employment_sign(
        member=member, employment_id=approved(3 * MIN_MONTHS).pk, signed_file=pdf("signed.pdf")
    )
    employment_draft = requested(4 * MIN_MONTHS)

    payslip = employment_documents.payslip_upload(
        staff=staff,
        scope=scope,
        employment_id=active.pk,
        month=this_month,
        upload=pdf(f"000101_{this_month:%Y-%m}.pdf"),
    )
    certificate_open = employment_documents.certificate_request(
        member=member, employment_id=active.pk, purpose="Wohnungsbewerbung"
    )
    certificate_answered = employment_documents.certificate_answer(
        staff=staff,
        scope=scope,
        request_id=employment_documents.certificate_request(member=member, employment_id=active.pk, purpose="Bank").pk,
        upload=pdf("certificate.pdf"),
    )

    other = active_employment(member2, sc, category)
    interruption = this_month + relativedelta(months=1)
    change = employment_changes.change_submit(
        member=member2,
        employment_id=other.pk,
        data=employment_changes.ChangeData(
            kinds=["interruption"],
            interruption_from=interruption,
            interruption_to=interruption + relativedelta(months=1) - timedelta(days=1),
            proofs=[pdf("attest.pdf")],
        ),
    )
    result = Employments(
        employment=active,
        employment_draft=employment_draft,
        employment_submitted=employment_submitted,
        employment_approved=employment_approved,
        employment_signed=employment_signed,
        approved_contract=employment_approved.versions.get(),
        signed_contract=employment_signed.versions.get(),
        payslip=payslip,
        certificate_open=certificate_open,
        certificate_answered=certificate_answered,
        employment_change=change,
        change_proof=change.proofs.get(),
    )
    assert employment_signed.status == EmploymentStatus.CONTRACT_SIGNED and result.signed_contract.signed_file
    return result


def build_world() -> World:
    entities = seed_entities()
    sc = entities["SC"]
    member = make_member("member@test.example", sc, number="000101", first_name="Anna", last_name="Schmidt")
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    member2 = make_member("member2@test.example", sc, number="000102", first_name="Jonas", last_name="Weber")
    staff = with_totp(make_user("staff@test.example", first_name="Sabine", last_name="Krüger"))
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=sc)
    Role.objects.create(user=staff, kind=Role.Kind.STAFF, entity=entities["BW"])
    admin = with_totp(
        make_user("admin@test.example", first_name="Ada", last_name="Admin", is_staff=True, is_superuser=True)
    )
    client = client_in("DE", name="Kunde ABC e.V.", created_by=member)
    contact = make_user("contact@test.example", first_name="Peter", last_name="Becker")
    Role.objects.create(user=contact, kind=Role.Kind.CLIENT_CONTACT, client=client)

    draft_order = complete_order(member, sc, client)
    review_order = complete_order(member, sc, client, title="In review")
    attachment, review_attachment = (attach(draft_order, member), attach(review_order, member))
    order_transition(order_id=review_order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    confirm_order = complete_order(member, sc, client, title="Awaiting the client")
    order_transition(order_id=confirm_order.pk, event=Event.SUBMIT, actor=Actor.MEMBER, user=member)
    order_transition(order_id=confirm_order.pk, event=Event.APPROVE, actor=Actor.STAFF, user=staff)
    confirm_order.refresh_from_db()
    # The link the approval e-mailed is known only by its hash: replace it by one whose token is known.
    token = "fuzz-confirmation-token"
    confirm_order.confirmation_links.update(token_hash=confirmation.token_hash(token))

    draft = draft_for(active_order(member, sc, client, [DESIGN]))
    issued = issued_invoice(member, sc, client_in("DE"), [DESIGN])
    statement = statements.statement_import(
        entity=sc,
        user=staff,
        data=next(SAMPLES.rglob("camt053_001_02.xml")).read_bytes(),
        filename="camt053_001_02.xml",
    )
    change_request = personal_data_request_submit(member=member2, values={"city": "Hamburg"}, note="Umzug")
    third = make_member("member3@test.example", sc, number="000103")
    own_change_request = personal_data_request_submit(member=third, values={"city": "Köln"})
    email = OutboundEmail.objects.filter(entity=sc).order_by("pk").first()
    assert email is not None
    budget, collective_budget, seat, invitation, transfer, correction = with_budgets(member, member2, third, staff, sc)
    reset_path = (
        f"/accounts/password/reset/key/{user_pk_to_url_str(member)}-{default_token_generator.make_token(member)}/"
    )

    world = World(
        member=member,
        member2=member2,
        staff=staff,
        admin=admin,
        contact=contact,
        client=client,
        draft_order=draft_order,
        review_order=review_order,
        confirm_order=confirm_order,
        token=token,
        attachment=attachment,
        review_attachment=review_attachment,
        draft=draft,
        issued=issued,
        statement=statement,
        change_request=change_request,
        own_change_request=own_change_request,
        email=email,
        reset_path=reset_path,
        budget=budget,
        collective=collective_budget,
        seat=seat,
        invitation=invitation,
        transfer=transfer,
        correction=correction,
        **vars(with_expenses(member, staff, budget)),
        **vars(with_client_portal(member, staff, contact, client, sc)),
        **vars(with_employments(member, member2, staff, sc)),
        **vars(with_cooplife(member, member2, sc)),
        **vars(with_assembly(member, member2, sc)),
        **vars(with_community(member, member2, staff, sc)),
        **vars(with_membership(member, member2, staff, sc)),
    )
    for persona, user in [
        ("member", member),
        ("member2", member2),
        ("member3", third),
        ("staff", staff),
        ("admin", admin),
        ("contact", contact),
    ]:
        http = logged_in(user)
        world.cookies[persona] = {name: morsel.value for name, morsel in http.cookies.items()}
    return world
