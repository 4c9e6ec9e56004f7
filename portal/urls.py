from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from portal.clientportal import views as clientportal_views
from portal.core.admin_site import restrict_admin_to_superusers
from portal.orders import confirmation_views

restrict_admin_to_superusers(admin.site)
# One login for all: allauth, with rate limits and 2FA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("portal.dashboard.urls")),
    path("", include("portal.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("clients/", include("portal.customers.urls")),
    path("orders/", include("portal.orders.urls")),
    path("invoices/", include("portal.invoicing.urls")),
    path("budget/", include("portal.budget.urls")),
    path("expenses/", include("portal.expenses.urls")),
    path("employment/", include("portal.employment.urls")),
    path("requests/", include("portal.clientportal.member_urls")),
    path("membership/", include("portal.membership.urls")),
    path("cooperative/", include("portal.cooplife.urls")),
    path("community/", include("portal.community.urls")),
    path("assembly/", include("portal.assembly.urls")),
    path("confirm/<str:token>/", confirmation_views.confirmation_page, name="client_confirmation"),
    path("confirm/<str:token>/offer.pdf", confirmation_views.confirmation_pdf, name="client_confirmation_pdf"),
    path("confirm/<str:token>/portal-access/", clientportal_views.access_after_answer, name="client_portal_access"),
    path("backoffice/", include("portal.backoffice.urls")),
    path("client/", include("portal.clientportal.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# Uploaded and generated files (MEDIA_ROOT) have no URL of their own, not even in development: every
# document is handed out by a view that checks who asks (invoice PDF/XML, offer PDF, order attachments).
