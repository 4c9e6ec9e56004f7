"""The member's side of client requests (Anfragen, DESIGN §9): list, detail, files, accept, decline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from conftest import logged_in
from portal.accounts.models import Role
from portal.clientportal.access import load_portal
from portal.clientportal.models import ClientRequest, ContactAccess
from portal.clientportal.requests import RequestData, request_submit
from portal.core.models import OutboundEmail
from portal.orders.models import Order, OrderStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def works_with(member, customer, client_contact):
    """The member created the client; the client's contact may use the portal."""
    customer.created_by = member
    customer.save(update_fields=["created_by"])
    ContactAccess.objects.get_or_create(user=client_contact, client=customer)
    return customer


def send_request(contact, client, member, *, title="Website relaunch", files=()) -> ClientRequest:
    today = timezone.localdate()
    data = RequestData(
        member_id=member.pk,
        kind="quote",
        title=title,
        description="Neue Website mit Shop\nund Blog",
        desired_start=today + timedelta(days=10),
        desired_end=today + timedelta(days=40),
        budget_idea="5000.00",
    )
    return request_submit(
        portal=load_portal(user=contact, client=client), contact=contact, data=data, files=list(files)
    )


@pytest.fixture
def sent(works_with, member, client_contact):
    return send_request(client_contact, works_with, member, files=[SimpleUploadedFile("briefing.pdf", PDF)])


def test_the_member_is_told_and_sees_the_request(member, member_http, sent, client_contact):
    mail = OutboundEmail.objects.get(template="client_request_received")
    assert mail.recipient == member.email and reverse("client_requests:detail", args=[sent.pk]) in mail.body_text

    html = member_http.get(reverse("client_requests:list")).content.decode()
    assert "Website relaunch" in html and "Kunde ABC e.V." in html and "Peter Becker" in html

    response = member_http.get(reverse("client_requests:detail", args=[sent.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Website relaunch", "Kunde ABC e.V.", "contact@test.example", "Neue Website mit Shop<br>und Blog"):
        assert text in html
    assert "5.000,00 EUR" in html
    file = sent.files.get()
    assert reverse("client_requests:file", args=[sent.pk, file.pk]) in html
    download = member_http.get(reverse("client_requests:file", args=[sent.pk, file.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert 'data-testid="history-actor">Peter Becker' in html  # the history names who sent it


def test_accepting_creates_a_prefilled_draft_linked_to_the_request(member, member_http, sent, client_contact):
    response = member_http.post(reverse("client_requests:accept", args=[sent.pk]))
    sent.refresh_from_db()
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("orders:edit", args=[order.pk])
    assert sent.status == "accepted" and sent.order == order and sent.decided_at is not None
    assert (order.member, order.client, order.status, order.entity.code) == (member, sent.client, "draft", "SC")
    assert (order.title, order.description) == ("Website relaunch", "Neue Website mit Shop\nund Blog")
    assert (order.service_start, order.service_end) == (sent.desired_start, sent.desired_end)
    assert (order.contact_name, order.contact_email) == ("Peter Becker", "contact@test.example")
    copy = order.attachments.get()
    assert copy.original_name == "briefing.pdf" and copy.shared_with_client
    assert copy.file.name != sent.files.get().file.name  # a copy: deleting the draft keeps the request's file
    with copy.file.open("rb") as stored:
        assert stored.read() == PDF
    mail = OutboundEmail.objects.get(template="client_request_decided")
    assert mail.recipient == client_contact.email and "Website relaunch" in mail.body_text

    page = member_http.get(response["Location"])
    assert page.status_code == 200 and [message.level_tag for message in page.context["messages"]] == ["success"]
    detail = member_http.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert f'href="{reverse("client_requests:detail", args=[sent.pk])}"' in detail  # the order links its request
    html = member_http.get(reverse("client_requests:detail", args=[sent.pk])).content.decode()
    assert reverse("orders:detail", args=[order.pk]) in html and "accept-request" not in html


def test_a_decided_request_cannot_be_accepted_again(member_http, sent):
    member_http.post(reverse("client_requests:accept", args=[sent.pk]), follow=True)
    response = member_http.post(reverse("client_requests:accept", args=[sent.pk]), follow=True)
    assert Order.objects.count() == 1
    assert response.redirect_chain[-1][0] == reverse("client_requests:detail", args=[sent.pk])
    assert [message.level_tag for message in response.context["messages"]] == ["error"]


def test_a_member_of_several_entities_chooses_the_entity(member, member_http, sent, entities):
    Role.objects.create(user=member, kind=Role.Kind.MEMBER, entity=entities["BW"])
    html = member_http.get(reverse("client_requests:detail", args=[sent.pk])).content.decode()
    assert 'name="entity"' in html and f'value="{entities["BW"].pk}"' in html
    member_http.post(reverse("client_requests:accept", args=[sent.pk]), {"entity": entities["BW"].pk})
    assert Order.objects.get().entity == entities["BW"]


def test_an_entity_the_member_does_not_work_with_is_refused(member_http, sent, entities):
    response = member_http.post(
        reverse("client_requests:accept", args=[sent.pk]), {"entity": entities["AT"].pk}, follow=True
    )
    sent.refresh_from_db()
    assert sent.status == "submitted" and not Order.objects.exists()
    assert response.redirect_chain[-1][0] == reverse("client_requests:detail", args=[sent.pk])
    assert [message.level_tag for message in response.context["messages"]] == ["error"]


def test_one_entity_offers_no_choice(member_http, sent):
    html = member_http.get(reverse("client_requests:detail", args=[sent.pk])).content.decode()
    assert 'name="entity"' not in html and 'data-testid="accept-request"' in html


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_needs_a_reason(member_http, sent, reason):
    response = member_http.post(reverse("client_requests:decline", args=[sent.pk]), {"reason": reason})
    assert response.status_code == 200
    form = response.context["decline_form"]
    with override("de"):
        assert form.errors["reason"] == [gettext("Please tell your client why you decline the request.")]
    assert 'aria-invalid="true"' in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "submitted"
    assert not OutboundEmail.objects.filter(template="client_request_decided").exists()


def test_a_refused_reason_keeps_what_was_typed(member_http, sent):
    typed = "Leider ausgebucht. " * 250  # longer than a reason may be
    response = member_http.post(reverse("client_requests:decline", args=[sent.pk]), {"reason": typed})
    assert response.status_code == 200 and response.context["decline_form"].errors["reason"]
    assert typed.strip() in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "submitted"


def test_declining_tells_the_client_why(member_http, sent, client_contact):
    response = member_http.post(
        reverse("client_requests:decline", args=[sent.pk]), {"reason": "Leider ausgebucht bis Herbst."}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == "declined" and sent.decision_reason == "Leider ausgebucht bis Herbst."
    assert not Order.objects.exists()
    mail = OutboundEmail.objects.get(template="client_request_decided")
    assert mail.recipient == client_contact.email and "Leider ausgebucht bis Herbst." in mail.body_text
    html = logged_in(sent.member).get(reverse("client_requests:detail", args=[sent.pk])).content.decode()
    assert "Leider ausgebucht bis Herbst." in html and "accept-request" not in html


def test_the_list_filters_by_status_and_searches_title_and_client(member, member_http, works_with, client_contact):
    first = send_request(client_contact, works_with, member, title="Logo")
    send_request(client_contact, works_with, member, title="Flyer")
    ClientRequest.objects.filter(pk=first.pk).update(status="declined")

    def titles(**query):
        page = member_http.get(reverse("client_requests:list"), query).context["page"]
        return sorted(row.title for row in page.object_list)

    assert titles() == ["Flyer", "Logo"]
    assert titles(status="declined") == ["Logo"]
    assert titles(status="submitted") == ["Flyer"]
    assert titles(status="nonsense") == ["Flyer", "Logo"]  # an unknown status filters nothing
    assert titles(q="fly") == ["Flyer"]
    assert titles(q="ABC e.V") == ["Flyer", "Logo"]
    assert titles(q="nirgends") == []


def test_the_list_has_a_constant_query_count(
    member, member_http, works_with, client_contact, settings, django_assert_max_num_queries
):
    def make(count):
        ClientRequest.objects.bulk_create(
            ClientRequest(
                client=works_with, contact=client_contact, member=member, kind="quote", title=f"R {n}", description="d"
            )
            for n in range(count)
        )

    make(2)
    with django_assert_max_num_queries(6):
        assert member_http.get(reverse("client_requests:list")).status_code == 200
    make(settings.PAGINATE_BY * 3)
    with django_assert_max_num_queries(6):
        response = member_http.get(reverse("client_requests:list"), {"page": 2, "q": "R"})
    assert response.status_code == 200 and len(response.context["page"].object_list) == settings.PAGINATE_BY


def test_the_member_sees_only_their_own_requests(member, member2, member2_http, works_with, client_contact):
    Order.objects.create(member=member2, entity=member.roles.get().entity, client=works_with)  # works with it too
    send_request(client_contact, works_with, member, title="Für Anna")
    send_request(client_contact, works_with, member2, title="Für Jonas")
    html = member2_http.get(reverse("client_requests:list")).content.decode()
    assert "Für Jonas" in html and "Für Anna" not in html


@pytest.mark.parametrize("persona", ["member2", "client_contact", "staff", "outsider"])
def test_other_people_get_404_on_every_request_url(request, persona, sent):
    http = logged_in(request.getfixturevalue(persona))
    file = sent.files.get()
    for url in (
        reverse("client_requests:detail", args=[sent.pk]),
        reverse("client_requests:file", args=[sent.pk, file.pk]),
    ):
        assert http.get(url).status_code == 404, url
    for name in ("accept", "decline"):
        assert http.post(reverse(f"client_requests:{name}", args=[sent.pk]), {"reason": "x"}).status_code == 404
    if persona != "member2":
        assert http.get(reverse("client_requests:list")).status_code == 404
    sent.refresh_from_db()
    assert sent.status == "submitted" and not Order.objects.exists()


def test_a_file_of_another_request_is_not_served_through_one_s_own(
    member, member_http, member2, works_with, client_contact
):
    Order.objects.create(member=member2, entity=member.roles.get().entity, client=works_with)
    mine = send_request(client_contact, works_with, member, title="Meine")
    theirs = send_request(client_contact, works_with, member2, files=[SimpleUploadedFile("geheim.pdf", PDF)])
    url = reverse("client_requests:file", args=[mine.pk, theirs.files.get().pk])
    assert member_http.get(url).status_code == 404


def test_the_dashboard_lists_open_requests_only_when_there_are_any(member, member_http, works_with, client_contact):
    html = member_http.get(reverse("dashboard")).content.decode()
    assert 'data-testid="request-panel"' not in html
    sent = send_request(client_contact, works_with, member, title="Neue Broschüre")
    html = member_http.get(reverse("dashboard")).content.decode()
    assert 'data-testid="request-panel"' in html and "Neue Broschüre" in html
    assert reverse("client_requests:detail", args=[sent.pk]) in html
    ClientRequest.objects.filter(pk=sent.pk).update(status="accepted")
    assert 'data-testid="request-panel"' not in member_http.get(reverse("dashboard")).content.decode()


def test_the_dashboard_panel_shows_the_oldest_few(member, member_http, works_with, client_contact):
    for n in range(7):
        send_request(client_contact, works_with, member, title=f"Anfrage Nummer {n}")
    html = member_http.get(reverse("dashboard")).content.decode()
    panel = html[html.index('data-testid="request-panel"') :].split("</section>", 1)[0]
    assert "Anfrage Nummer 0" in panel and "Anfrage Nummer 4" in panel and "Anfrage Nummer 5" not in panel
    assert f"{reverse('client_requests:list')}?status=submitted" in panel


def test_accepting_through_the_service_copies_the_budget_idea_nowhere_it_does_not_belong(member_http, sent):
    """The budget idea is the client's guess: it is shown, but no price is invented from it."""
    assert sent.budget_idea == Decimal("5000.00")
    member_http.post(reverse("client_requests:accept", args=[sent.pk]))
    order = Order.objects.get()
    assert order.status == OrderStatus.DRAFT and not order.lines.exists() and order.net_total == 0
