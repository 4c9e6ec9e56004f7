"""The header's main navigation: the active role's links, the current page marked."""

import re

import pytest

from conftest import logged_in

pytestmark = pytest.mark.django_db


def nav_links(html: str) -> list[tuple[str, str, bool]]:
    """(href, text, marked as the current page) of each link of the main navigation."""
    nav = html.split('id="portal-nav"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a class="nav-link( active)?" href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    for active, _href, current, _text in links:
        assert bool(active) == bool(current)  # the class and the ARIA state go together
    return [(href, text, bool(current)) for _active, href, current, text in links]


def more_menu(html: str) -> tuple[str, bool, list[tuple[str, str, bool]]]:
    """The "More" menu of the main navigation: its button's text, whether the button is marked as holding
    the current page, and (href, text, marked as the current page) of each of its links."""
    more = html.split('data-testid="nav-more"', 1)[1].split("</li></ul></li>", 1)[0]
    button = re.search(r'<button class="nav-link dropdown-toggle btn btn-link( active)?"[^>]*>([^<]+)</button>', more)
    assert button
    links = re.findall(r'<a class="dropdown-item( active)?" href="([^"]+)"( aria-current="page")?>([^<]+)</a>', more)
    for active, _href, current, _text in links:
        assert bool(active) == bool(current)  # the class and the ARIA state go together
    return (
        button.group(2),
        bool(button.group(1)),
        [(href, text, bool(current)) for _active, href, current, text in links],
    )


def test_member_navigation_marks_the_current_page(member_http):
    html = member_http.get("/orders/").content.decode()
    assert nav_links(html) == [
        ("/dashboard/", "Übersicht", False),
        ("/orders/", "Aufträge", True),
        ("/invoices/", "Rechnungen", False),
        ("/budget/", "Budget", False),
        ("/expenses/", "Auslagen", False),
        ("/employment/", "Anstellung", False),
        ("/cooperative/", "Genossenschaft", False),
    ]
    assert more_menu(html) == (
        "Mehr",
        False,  # the current page is not in the menu
        [
            ("/requests/", "Anfragen von Kund*innen", False),
            ("/clients/", "Kund*innen", False),
            ("/community/", "Community", False),
            ("/assembly/", "Generalversammlung", False),
            ("/profile/", "Personaldaten", False),
        ],
    )


def test_staff_navigation_has_a_more_menu(staff_http):
    http = staff_http
    html = http.get("/backoffice/invoices/").content.decode()
    assert [(href, current) for href, _text, current in nav_links(html)] == [
        ("/backoffice/", False),
        ("/backoffice/orders/", False),
        ("/backoffice/invoices/", True),
        ("/backoffice/clients/", False),
        ("/backoffice/budgets/", False),
        ("/backoffice/expenses/", False),
        ("/backoffice/bank-statements/", False),
    ]
    more = html.split('data-testid="nav-more"', 1)[1].split("</li></ul></li>", 1)[0]
    assert 'class="nav-link dropdown-toggle btn btn-link"' in more  # not the current section
    assert '<a class="dropdown-item" href="/backoffice/members/">' in more
    assert '<a class="dropdown-item" href="/backoffice/emails/">' in more

    html = http.get("/backoffice/members/").content.decode()
    more = html.split('data-testid="nav-more"', 1)[1].split("</li></ul></li>", 1)[0]
    assert 'class="nav-link dropdown-toggle btn btn-link active"' in more
    assert '<a class="dropdown-item active" href="/backoffice/members/" aria-current="page">Mitglieder</a>' in more
    assert all(not current for _href, _text, current in nav_links(html))


def test_navigation_speaks_the_users_language(member):
    member.language = "en"
    member.save(update_fields=["language"])
    html = logged_in(member).get("/invoices/").content.decode()
    assert [text for _href, text, _current in nav_links(html)] == [
        "Overview",
        "Orders",
        "Invoices",
        "Budget",
        "Expenses",
        "Employment",
        "Cooperative",
    ]
    more, more_current, links = more_menu(html)
    assert (more, more_current) == ("More", False)
    assert [text for _href, text, _current in links] == [
        "Client requests",
        "Clients",
        "Community",
        "General assembly",
        "Personal data",
    ]


def test_client_contact_sees_the_portal_pages_the_settings_allow(contact_http, client_contact):
    from portal.clientportal.models import ContactAccess

    hrefs = [href for href, _text, _current in nav_links(contact_http.get("/client/").content.decode())]
    assert hrefs == ["/client/", "/client/orders/", "/client/requests/", "/client/profile/"]  # nothing invoiced yet
    ContactAccess.objects.filter(user=client_contact).update(may_request=False)
    hrefs = [href for href, _text, _current in nav_links(contact_http.get("/client/").content.decode())]
    assert hrefs == ["/client/", "/client/orders/", "/client/profile/"]


def test_member_navigation_marks_the_requests_page(member_http):
    html = member_http.get("/requests/").content.decode()
    _text, more_current, more_links = more_menu(html)
    assert more_current  # the "More" button holds the current page
    assert [href for href, _text, current in nav_links(html) + more_links if current] == ["/requests/"]


def test_signed_out_pages_have_no_navigation(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'id="portal-nav"' not in html
