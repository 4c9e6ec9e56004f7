from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.utils import translation

from portal.core.outbox import store_email


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are opened by the cooperative, not by self sign-up; account e-mails go through
    the outbox in the recipient's language."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            request = self.request
            base = {"request": request, "email": email, "current_site": get_current_site(request)}
            message = self.render_mail(template_prefix, email, {**base, **context})
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            html = next((body for body, mime in message.alternatives if mime == "text/html"), "")
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
