"""Applications for membership (Beitritt): filled in without an account, confirmed through a link sent to
the applicant's address, accepted by the Smart team once the share money has arrived.

unverified → submitted (the applicant clicked the link; only now the Smart team sees it)
submitted → accepted (payment received: an account with the member role, a member number, the first
register entry) | rejected (with a reason, e-mailed)
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts import services as accounts
from portal.accounts.models import MemberProfile, Role, User
from portal.core.audit import audit_record
from portal.core.errors import BusinessError
from portal.core.outbox import queue_email
from portal.core.permissions import SELF_DECISION_MESSAGES
from portal.core.scheduled import note_failure
from portal.core.scope import Scope
from portal.core.transitions import Actor
from portal.core.uploads import check_file, store_upload
from portal.entities.models import IssuingEntity
from portal.membership import register
from portal.membership.models import (
    ApplicationStatus,
    MembershipApplication,
    PaymentSource,
    ShareKind,
    ShareTerms,
    SignedDeclaration,
)
from portal.membership.rules import entity_day, entity_today

#: How long the confirmation link of an application works.
VERIFY_MAX_AGE_DAYS = 3
_VERIFY_SALT = "membership.application.verify"
#: Applicants must be of age; nobody is older than this.
MIN_AGE, MAX_AGE = 18, 120


@dataclass(frozen=True)
class ApplicationData:
    entity_id: int
    first_name: str
    last_name: str
    email: str
    street: str
    postal_code: str
    city: str
    country: str
    birth_date: date | None
    artist_name: str
    shares: int | None
    statutes_accepted: bool
    privacy_accepted: bool
    typed_name: str = ""
    declaration: Any = None
    language: str = "de"


def terms_of(entity_id: int) -> ShareTerms | None:
    return ShareTerms.objects.select_related("entity").filter(entity_id=entity_id).first()


def _same_name(typed: str, expected: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(expected.split()).casefold()


def _age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _problems(data: ApplicationData, terms: ShareTerms, today: date) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name in ("first_name", "last_name", "email", "street", "postal_code", "city"):
        if not str(getattr(data, name)).strip():
            problems[name] = _("Please fill in this field.")
    if data.birth_date is None or not MIN_AGE <= _age_on(data.birth_date, today) <= MAX_AGE:
        problems["birth_date"] = _("Members must be at least %(age)d years old.") % {"age": MIN_AGE}
    if data.shares is None or not terms.min_shares <= data.shares <= terms.max_shares:
        problems["shares"] = _("Please choose between %(min)d and %(max)d shares.") % {
            "min": terms.min_shares,
            "max": terms.max_shares,
        }
    if not data.statutes_accepted:
        problems["statutes_accepted"] = _("Please accept the statutes.")
    if not data.privacy_accepted:
        problems["privacy_accepted"] = _("Please accept the privacy notice.")
    full_name = f"{data.first_name} {data.last_name}"
    if data.declaration is not None:
        try:
            check_file(data.declaration, field="declaration", pdf_only=True)
        except BusinessError as error:
            problems["declaration"] = error.message
    elif not data.typed_name.strip():
        problems["typed_name"] = _("Please upload the signed declaration or type your full name as your signature.")
    elif not _same_name(data.typed_name, full_name):
        problems["typed_name"] = _("Please type your full name exactly as above (%(name)s).") % {"name": full_name}
    return problems


def application_submit(*, data: ApplicationData) -> MembershipApplication | None:
    """Keep the application and send the confirmation link; the Smart team sees it once confirmed.

    An application that cannot succeed (the address belongs to a member of the entity already, or an
    application of it is in review) is not kept; the address is told why by e-mail instead. The page
    says the same in both cases, so the form does not reveal who is a member. Returns ``None`` then."""
    terms = terms_of(data.entity_id)
    if terms is None or not terms.accepts_applications:
        raise BusinessError(_("This entity does not accept applications online."), field="entity")
    problems = _problems(data, terms, entity_today(terms.entity))
    if problems:
        raise BusinessError(_("Please check the application."), errors=problems)
    assert data.shares is not None and data.birth_date is not None
    email = data.email.strip().lower()
    reason = _needless(email, terms.entity_id)
    if reason:
        queue_email(
            to=email,
            template="membership_apply_needless",
            context={"entity": terms.entity, "reason": reason},  # no name: whoever typed the form chose it
            language=data.language if data.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
            entity=terms.entity,
        )
        return None
    with transaction.atomic():
        application = MembershipApplication.objects.create(
            entity=terms.entity,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            email=email,
            street=data.street.strip(),
            postal_code=data.postal_code.strip(),
            city=data.city.strip(),
            country=data.country,
            birth_date=data.birth_date,
            artist_name=data.artist_name.strip(),
            shares=data.shares,
            nominal_value=terms.nominal_value,
            statutes_version=terms.statutes_version,
            privacy_version=terms.privacy_version,
            typed_name="" if data.declaration is not None else " ".join(data.typed_name.split()),
            language=data.language if data.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        )
        if data.declaration is not None:
            declaration = SignedDeclaration(application=application)
            store_upload(declaration, data.declaration)
            declaration.save()
        audit_record(
            actor=None, action="membership_application.created", target=application, to_state=application.status
        )
        queue_email(
            to=application.email,
            template="membership_verify",
            context={
                "application": application,
                "verify_path": verify_path(application),
                "valid_days": VERIFY_MAX_AGE_DAYS,
            },
            language=application.language,
            entity=application.entity,
            related=application,
            sensitive=True,
        )
    return application


def _needless(email: str, entity_id: int) -> str:
    """Why an application from ``email`` cannot succeed: ``"member"``, ``"pending"`` or ``""``."""
    user = User.objects.filter(email__iexact=email).select_related("member_profile").first()
    profile = getattr(user, "member_profile", None) if user else None
    active = profile is not None and profile.membership_status == MemberProfile.MembershipStatus.ACTIVE
    if user is not None and active and register.shares_held(user.pk, entity_id) > 0:
        return "member"
    if MembershipApplication.objects.filter(
        entity_id=entity_id, email__iexact=email, status=ApplicationStatus.SUBMITTED
    ).exists():
        return "pending"
    return ""


def verify_path(application: MembershipApplication) -> str:
    token = signing.dumps(application.pk, salt=_VERIFY_SALT, compress=True)
    return reverse("membership:verify", args=[token])


def application_for_token(token: str) -> MembershipApplication:
    """The application a confirmation link names, or a ``BusinessError`` saying why the link does not work."""
    try:
        pk = signing.loads(token, salt=_VERIFY_SALT, max_age=VERIFY_MAX_AGE_DAYS * 86400)
    except signing.SignatureExpired as error:
        raise BusinessError(_("This link has expired. Please fill in the application again.")) from error
    except signing.BadSignature as error:
        raise BusinessError(_("This link is not valid. Please copy the whole link from the e-mail.")) from error
    application = (
        MembershipApplication.objects.select_related("entity").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if application is None:
        raise BusinessError(_("This application no longer exists."))
    return application


def application_verify(*, token: str) -> MembershipApplication:
    """The applicant confirmed the address: the application goes to the Smart team and the applicant
    gets the payment instructions. Confirming again changes nothing."""
    with transaction.atomic():
        found = application_for_token(token)
        application = MembershipApplication.objects.select_for_update().select_related("entity").get(pk=found.pk)
        if application.status != ApplicationStatus.UNVERIFIED:
            return application
        reason = _needless(application.email, application.entity_id)
        if reason == "member":
            raise BusinessError(_("This e-mail address belongs to a member already; the application is not needed."))
        if reason == "pending":
            raise BusinessError(_("An application from this e-mail address is already with the Smart team."))
        application.status = ApplicationStatus.SUBMITTED
        application.verified_at = timezone.now()
        application.save(update_fields=["status", "verified_at", "updated_at"])
        audit_record(
            actor=None,
            action="membership_application.verified",
            target=application,
            from_state=ApplicationStatus.UNVERIFIED,
            to_state=application.status,
        )
        queue_email(
            to=application.email,
            template="membership_submitted",
            context={"application": application, "entity": application.entity},
            language=application.language,
            entity=application.entity,
            related=application,
        )
    return application


# --- the Smart team ----------------------------------------------------------------------------------


def is_own_application(actor: Any, application: MembershipApplication) -> bool:
    email = (getattr(actor, "email", "") or "").lower()
    return application.user_id == getattr(actor, "pk", None) or (bool(email) and email == application.email.lower())


def _locked(scope: Scope, actor: Any, application_id: int) -> MembershipApplication:
    if scope.actor != Actor.STAFF:
        raise BusinessError(_("Only the Smart team can do this."))
    application = (
        MembershipApplication.objects.select_for_update(of=("self",))
        .select_related("entity")
        .filter(pk=application_id, entity_id__in=scope.entity_ids)
        .exclude(status=ApplicationStatus.UNVERIFIED)
        .first()
    )
    if application is None:
        raise BusinessError(_("This application no longer exists."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise BusinessError(_("This application has been decided already."))
    if is_own_application(actor, application):
        raise BusinessError(str(SELF_DECISION_MESSAGES["request"]))
    return application


def application_record_payment(
    *, actor: Any, scope: Scope, application_id: int, received_on: date
) -> MembershipApplication:
    """Staff note that the share money has arrived."""
    with transaction.atomic():
        application = _locked(scope, actor, application_id)
        if application.payment_received_on is not None:
            raise BusinessError(_("The payment has been noted already."))
        if received_on > entity_today(application.entity):
            raise BusinessError(_("The payment cannot have been received in the future."), field="received_on")
        if received_on < entity_day(application.entity, application.created_at):
            raise BusinessError(_("The payment cannot have been received before the application."), field="received_on")
        note_payment(application, received_on, PaymentSource.STAFF, actor)
    return application


def note_payment(application: MembershipApplication, received_on: date, source: str, actor: Any) -> None:
    application.payment_received_on, application.payment_source = received_on, source
    application.save(update_fields=["payment_received_on", "payment_source", "updated_at"])
    audit_record(
        actor=actor,
        action="membership_application.payment_received",
        target=application,
        message=f"{received_on.isoformat()} ({source})",
    )


def unconfirmed_expired(today: date, failures: list[str] | None = None) -> int:
    """Applications whose confirmation link has expired are deleted with their declaration: nobody can
    confirm them any more, and personal data is not kept without a purpose (a phase of
    ``process_memberships``). Returns how many were deleted."""
    cutoff = timezone.now() - timedelta(days=VERIFY_MAX_AGE_DAYS, hours=1)
    expired = MembershipApplication.objects.filter(status=ApplicationStatus.UNVERIFIED, created_at__lt=cutoff)
    deleted = 0
    for application in list(expired.select_related("declaration").order_by("pk")[:1000]):
        try:
            with transaction.atomic():
                declaration = getattr(application, "declaration", None)
                if declaration is not None:
                    transaction.on_commit(partial(declaration.file.delete, save=False))
                application.delete()
                deleted += 1
        except Exception as error:  # one broken row must not stop the others
            note_failure(failures, f"application #{application.pk}", error)
    return deleted


def application_reject(*, actor: Any, scope: Scope, application_id: int, reason: str) -> MembershipApplication:
    reason = reason.strip()
    if not reason:
        raise BusinessError(_("Please give a reason; the applicant reads it."), field="reason")
    with transaction.atomic():
        application = _locked(scope, actor, application_id)
        _decide(application, actor, ApplicationStatus.REJECTED, reason[:4000])
        queue_email(
            to=application.email,
            template="membership_rejected",
            context={"application": application, "entity": application.entity},
            language=application.language,
            entity=application.entity,
            related=application,
        )
    return application


def _decide(application: MembershipApplication, actor: Any, status: str, reason: str = "") -> None:
    application.status, application.decided_by = status, actor
    application.decided_at, application.decision_reason = timezone.now(), reason
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "user", "updated_at"])
    audit_record(
        actor=actor,
        action=f"membership_application.{status}",
        target=application,
        from_state=ApplicationStatus.SUBMITTED,
        to_state=status,
        message=reason,
    )


def application_accept(*, actor: Any, scope: Scope, application_id: int) -> MembershipApplication:
    """The applicant becomes a member: account (new or existing) with the entity's member role, member
    profile with the next member number, the subscription as the next register entry."""
    with transaction.atomic():
        application = _locked(scope, actor, application_id)
        if application.payment_received_on is None:
            raise BusinessError(_("Accept the application once the share payment has been received."))
        entity = application.entity
        # Serialises acceptances per entity (member numbers and register numbers): counter first.
        register.lock_register(entity.pk)
        today = entity_today(entity)
        user = User.objects.filter(email__iexact=application.email).first()
        new_account = user is None
        if user is None:
            user = accounts.member_create(
                actor=actor,
                entity=entity,
                email=application.email,
                first_name=application.first_name,
                last_name=application.last_name,
                language=application.language,
            )
        else:
            _join_existing(user, entity, application)
        profile = MemberProfile.objects.select_for_update().get(user=user)
        _fill_profile(profile, application, today, starts_now=new_account)
        register.entry_add(
            entity_id=entity.pk,
            member_id=user.pk,
            kind=ShareKind.SUBSCRIPTION,
            shares=application.shares,
            nominal_value=application.nominal_value,
            entry_date=today,
            paid_on=application.payment_received_on,
            note=application.reference,
            actor=actor,
        )
        application.user = user
        _decide(application, actor, ApplicationStatus.ACCEPTED)
        context = {"application": application, "entity": entity, "profile": profile, "new_account": new_account}
        if not new_account and not user.has_usable_password():
            context["set_password_path"] = accounts.set_password_path(user)
            context["valid_days"] = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        queue_email(
            to=user,
            template="membership_accepted",
            context=context,
            entity=entity,
            related=application,
            sensitive="set_password_path" in context,
        )
    return application


def _join_existing(user: User, entity: IssuingEntity, application: MembershipApplication) -> None:
    """An existing login (a client contact, a member of another entity, a former member) joins."""
    profile = MemberProfile.objects.filter(user=user).first()
    active = profile is not None and profile.membership_status == MemberProfile.MembershipStatus.ACTIVE
    if active and register.shares_held(user.pk, entity.pk) > 0:
        raise BusinessError(_("%(email)s is a member already.") % {"email": application.email})
    Role.objects.get_or_create(user=user, kind=Role.Kind.MEMBER, entity=entity)
    if profile is None:
        try:
            with transaction.atomic():
                MemberProfile.objects.create(user=user, member_number=accounts._next_member_number())
        except IntegrityError as error:  # a member created elsewhere at this moment took the number
            raise BusinessError(_("Could not allocate a member number, please try again.")) from error


def _fill_profile(profile: MemberProfile, application: MembershipApplication, today: date, *, starts_now: bool) -> None:
    """The applicant's address and birth date where the profile has none; active, a member since today
    unless already an active member (of another entity)."""
    had_address = bool(profile.street)
    for name in ("street", "postal_code", "city", "birth_date"):
        if not getattr(profile, name):
            setattr(profile, name, getattr(application, name))
    if not had_address:
        profile.country = application.country
    active = profile.membership_status == MemberProfile.MembershipStatus.ACTIVE
    if starts_now or not active or profile.member_since is None:
        profile.member_since = today
    profile.membership_status = MemberProfile.MembershipStatus.ACTIVE
    profile.save()
