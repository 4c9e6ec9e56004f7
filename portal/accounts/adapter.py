from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from portal.accounts.mfa import two_factor_required
from portal.core.http import client_ip
from portal.core.outbox import store_email


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are opened by the cooperative, not by self sign-up; account e-mails go through
    the outbox in the recipient's language."""

    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """Rate limits count the client behind the TLS proxy (``TRUSTED_PROXY_COUNT``), never the proxy."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            request = self.request
            base = {
                "request": request,
                "email": email,
                "current_site": get_current_site(request) if request else None,
                "recipient": user,
                "portal_name": settings.PORTAL_NAME,
                "portal_url": settings.PORTAL_BASE_URL,
            }
            message = self.render_mail(template_prefix, email, {**base, **context})
            html = ""
            if isinstance(message, EmailMultiAlternatives):
                html = next((str(body) for body, mime in message.alternatives if mime == "text/html"), "")
            if not html:  # the text body in the layout of the portal's other e-mails
                html = render_to_string(
                    "account/email/layout.html", {**base, "subject": message.subject, "body": message.body}
                )
        store_email(
            recipient=email,
            user=user,
            template=template_prefix,
            language=language,
            subject=message.subject,
            text=message.body,
            html=html,
            sensitive=True,
        )


class PortalMFAAdapter(DefaultMFAAdapter):
    """Staff and admin logins cannot switch off the authenticator app they are required to use."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and two_factor_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
