"""The main navigation of the page header, built in Python: it is on every page, and as template
includes (one per link) it cost more than many a page's own content."""

from functools import cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()

#: The links of each role kind's navigation, in order: (URL name, label).
NAV_LINKS: dict[str, tuple[tuple[str, Promise], ...]] = {
    "member": (
        ("dashboard", _("Overview")),
        ("orders:list", _("Orders")),
        ("invoicing:list", _("Invoices")),
        ("budget:home", _("Budget")),
        ("expenses:list", _("Expenses")),
        ("employment:home", _("Employment")),
        ("cooplife:home", _("Cooperative")),
    ),
    "staff": (
        ("backoffice:home", _("Overview")),
        ("backoffice:order_list", _("Orders")),
        ("backoffice:invoice_list", _("Invoices")),
        ("backoffice:client_list", _("Clients")),
        ("backoffice:budget_list", _("Budgets")),
        ("backoffice:expense_queue", _("Expenses")),
        ("backoffice:statement_list", _("Bank statements")),
    ),
    "client_contact": (
        ("clientportal:home", _("Overview")),
        ("clientportal:orders", _("Orders")),
        ("clientportal:invoices", _("Invoices")),
        ("clientportal:documents", _("Documents")),
        ("clientportal:requests", _("Requests")),
        ("clientportal:profile", _("Company data")),
    ),
    "admin": (("admin:index", _("Administration")),),
}
#: Client-portal links shown only when the contact's ``Portal`` (in the page's context) allows them:
#: URL name → the ``Portal`` property that must be true. Pages without a portal show none of them.
CLIENT_LINK_NEEDS = {
    "clientportal:invoices": "shows_invoices",
    "clientportal:documents": "shows_documents_page",
    "clientportal:requests": "may_request",
}
#: The member's "More" menu: pages they open less often (the dashboard shows what waits in them).
MEMBER_MORE_LINKS: tuple[tuple[str, Promise], ...] = (
    ("client_requests:list", _("Client requests")),
    ("customers:list", _("Clients")),
    ("community:list", _("Community")),
    ("assembly:list", _("General assembly")),
    ("profile", _("Personal data")),
)
#: The staff's "More" menu: pages they open less often.
STAFF_MORE_LINKS: tuple[tuple[str, Promise], ...] = (
    ("backoffice:emails", _("E-mails")),
    ("backoffice:payout_list", _("Payouts")),
    ("backoffice:employment_list", _("Employment")),
    ("backoffice:portal_settings", _("Client portal")),
    ("backoffice:members", _("Members")),
    ("backoffice:personal_data_requests", _("Personal data requests")),
    ("backoffice:assembly_list", _("General assemblies")),
    ("backoffice:application_queue", _("Applications")),
    ("backoffice:share_register", _("Share register")),
    ("backoffice:news_list", _("News")),
    ("backoffice:event_list", _("Events")),
    ("backoffice:community_queue", _("Community")),
)

MORE_LINKS = {"member": MEMBER_MORE_LINKS, "staff": STAFF_MORE_LINKS}

_LINK = '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>'
_MORE_LINK = '<li><a class="dropdown-item{}" href="{}"{}>{}</a></li>'
_CURRENT = mark_safe(' aria-current="page"')
_NOTHING = mark_safe("")


@cache
def _url(name: str, script_prefix: str) -> str:
    """``reverse(name)``, once per process and ``script_prefix`` (the cache key; ``reverse`` reads it
    itself): the links take no arguments and the URLconf is fixed."""
    return reverse(name)


def _links(pattern: str, links: tuple[tuple[str, Promise], ...], path: str) -> tuple[SafeString, bool]:
    """The rendered links and whether one of them is the current page."""
    prefix = get_script_prefix()
    urls = [(_url(name, prefix), label) for name, label in links]
    html = format_html_join(
        "\n",
        pattern,
        ((" active" if url == path else "", url, _CURRENT if url == path else _NOTHING, label) for url, label in urls),
    )
    return html, any(url == path for url, _label in urls)


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    """The ``<li>`` items of the active role's navigation; the current page's link is marked."""
    role: Any = context.get("active_role")
    if role is None or role.kind not in NAV_LINKS:
        return _NOTHING
    path = context["request"].path
    links = NAV_LINKS[role.kind]
    if role.kind == "client_contact":
        portal = context.get("portal")
        links = tuple(
            (name, label)
            for name, label in links
            if name not in CLIENT_LINK_NEEDS or (portal is not None and getattr(portal, CLIENT_LINK_NEEDS[name]))
        )
    html, _current = _links(_LINK, links, path)
    more_links = MORE_LINKS.get(role.kind)
    if not more_links:
        return html
    more, current = _links(_MORE_LINK, more_links, path)
    return format_html(
        '{}\n<li class="nav-item dropdown" data-testid="nav-more">'
        '<button class="nav-link dropdown-toggle btn btn-link{}" type="button" data-bs-toggle="dropdown" '
        'aria-expanded="false">{}</button><ul class="dropdown-menu">{}</ul></li>',
        html,
        " active" if current else "",
        _("More"),
        more,
    )
