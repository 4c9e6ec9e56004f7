from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from portal.accounts import personal_data, selectors, services
from portal.accounts.forms import LanguageForm, NotificationForm, PersonalDataChangeForm
from portal.accounts.middleware import ROLE_SESSION_KEY
from portal.accounts.models import PersonalDataChangeRequest
from portal.core.audit import audit_history
from portal.core.errors import BusinessError
from portal.core.permissions import member_required, signed_in_required
from portal.core.views import perform, report_business_error


@signed_in_required
def settings_page(request):
    user = request.user
    # The e-mails one can switch off (orders, invoices, budget, community, news) go to members only: a
    # person who is nothing but a client contact gets none of them, so has no switches to see.
    only_client_contact = bool(request.roles) and all(role.is_client_contact for role in request.roles)
    context = {
        "primary_email": EmailAddress.objects.filter(user=user, primary=True).first(),
        "pending_email": EmailAddress.objects.filter(user=user, primary=False, verified=False).first(),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "language_form": LanguageForm(initial={"language": user.language}),
        "notification_form": None if only_client_contact else NotificationForm(instance=user),
    }
    return render(request, "accounts/settings.html", context)


@signed_in_required
@require_POST
def change_language(request):
    form = LanguageForm(request.POST)
    if form.is_valid():
        services.user_set_language(user=request.user, language=form.cleaned_data["language"])
        translation.activate(request.user.language)
        # Client contacts are addressed formally, as everywhere in the client portal; members with "du".
        if request.roles and all(role.is_client_contact for role in request.roles):
            messages.success(request, pgettext("formal address", "Your language has been changed."))
        else:
            messages.success(request, _("Your language has been changed."))
    return redirect("settings")


@signed_in_required
@require_POST
def change_notifications(request):
    form = NotificationForm(request.POST, instance=request.user)
    if form.is_valid():
        services.user_update_notifications(user=request.user, preferences=form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
    return redirect("settings")


@signed_in_required
@require_POST
def switch_role(request):
    try:
        role = services.user_switch_role(user=request.user, key=request.POST.get("role", ""))
    except BusinessError as error:
        report_business_error(request, error)
        return redirect("home")
    request.session[ROLE_SESSION_KEY] = role.key
    messages.info(request, _("You are now acting as %(role)s.") % {"role": role.label})
    return redirect("home")


@member_required
def profile(request):
    profile = selectors.profile_for_member(member=request.user)
    values = personal_data.current_values(profile.user, profile)
    requests = selectors.change_requests_for_member(member=request.user)[:20]
    context = {
        "profile": profile,
        "personal_rows": [
            {"label": field.label, "value": personal_data.display_value(field.name, values[field.name])}
            for field in personal_data.FIELDS
        ],
        "requests": requests,
        "pending": next((r for r in requests if r.status == PersonalDataChangeRequest.Status.PENDING), None),
        "entities": [role.entity for role in request.roles if role.is_member],
    }
    return render(request, "accounts/profile.html", context)


@member_required
def personal_data_change(request):
    pending = selectors.change_requests_for_member(member=request.user).filter(status="pending").first()
    if pending is not None:
        messages.info(request, _("Your change request is being reviewed by the Smart team."))
        return redirect("personal_data_request", pk=pending.pk)
    profile = selectors.profile_for_member(member=request.user)
    initial = personal_data.current_values(profile.user, profile)
    form = PersonalDataChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.personal_data_request_submit(
                member=request.user, values=form.personal_values(), note=form.cleaned_data["note"]
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your change request has been sent to the Smart team."))
            return redirect("personal_data_request", pk=change.pk)
    return render(request, "accounts/personal_data_form.html", {"form": form})


@member_required
def personal_data_request(request, pk: int):
    change = selectors.change_request_for_member(member=request.user, pk=pk)
    context = {"change": change, "history": audit_history(change)}
    return render(request, "accounts/personal_data_request.html", context)


@member_required
@require_POST
def personal_data_request_withdraw(request, pk: int):
    change = selectors.change_request_for_member(member=request.user, pk=pk)
    return perform(
        request,
        lambda: services.personal_data_request_withdraw(member=request.user, request_id=change.pk),
        success=_("Your change request has been withdrawn."),
        redirect_to=reverse("personal_data_request", args=[change.pk]),
    )
