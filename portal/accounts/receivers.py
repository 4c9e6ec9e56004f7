"""Connects allauth's account events to our services (allauth owns those views)."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from portal.accounts import services


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def clear_forced_password_change(sender, request, user, **kwargs):
    services.user_password_changed(user=user)
