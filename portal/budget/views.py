"""The member's budget pages: figures, chart and statement, collective budgets and transfers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import Role
from portal.budget import collective, exports, selectors, services
from portal.budget.figures import figures_of
from portal.budget.forms import CollectiveBudgetForm, InviteForm, TransferForm
from portal.budget.models import Budget, Participant, Transfer
from portal.budget.page import budget_page
from portal.core.errors import BusinessError
from portal.core.permissions import member_required
from portal.core.transitions import Actor
from portal.core.views import paginate, perform, report_business_error


def _switcher(request) -> list[Budget]:
    """The budgets the member can switch between on the page: those of the active entity."""
    return list(
        selectors.budgets_of_member(request.user.pk)
        .filter(entity=request.role.entity)
        .select_related("entity", "owner")
        .order_by("kind", "name", "pk")
    )


@member_required
def home(request):
    """The personal budget of the active entity; without one yet, what will be there."""
    budgets = _switcher(request)
    personal = next((budget for budget in budgets if budget.kind == Budget.Kind.PERSONAL), None)
    if personal is not None:
        return redirect("budget:detail", pk=personal.pk)
    if budgets:
        return redirect("budget:detail", pk=budgets[0].pk)
    return render(request, "budget/none.html", {"entity": request.role.entity})


@member_required
def detail(request, pk: int):
    budgets = _switcher(request)
    # Usually one of the switcher's budgets (those of the active entity): no query of its own.
    budget = next((budget for budget in budgets if budget.pk == pk), None) or selectors.budget_in(request.scope, pk)
    role = selectors.role_in(budget, request.user.pk)
    context = budget_page(request, budget, scope=request.scope)
    context.update(
        role=role,
        budgets=budgets,
        may_transfer=services.may_spend(member_id=request.user.pk, budget=budget),
        is_manager=role == Participant.Role.MANAGER,
        csv_url=reverse("budget:statement_csv", args=[budget.pk]),
        pdf_url=reverse("budget:statement_pdf", args=[budget.pk]),
    )
    return render(request, "budget/detail.html", context)


@member_required
def statement_csv(request, pk: int):
    return exports.statement_csv(selectors.budget_in(request.scope, pk), request.GET)


@member_required
def statement_pdf(request, pk: int):
    return exports.statement_pdf(selectors.budget_in(request.scope, pk), request.GET)


# --- collective budgets ------------------------------------------------------------------------------


@member_required
def collective_create(request):
    entities = [role.entity for role in request.user.roles.filter(kind=Role.Kind.MEMBER).select_related("entity")]
    form = CollectiveBudgetForm(request.POST or None, entities=entities, initial={"entity": request.role.entity.pk})
    if request.method == "POST" and form.is_valid():
        try:
            budget = collective.collective_create(
                user=request.user,
                entity_id=form.cleaned_data["entity"],
                name=form.cleaned_data["name"],
                invitee_numbers=form.cleaned_data["invitees"],
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(
                request, _("The budget is open. It becomes active as soon as one of the invited members accepts.")
            )
            return redirect("budget:members", pk=budget.pk)
    return render(request, "budget/collective_form.html", {"form": form})


def _collective_in(request, pk: int) -> Budget:
    budget = selectors.budget_in(request.scope, pk)
    if budget.kind != Budget.Kind.COLLECTIVE:
        raise Http404
    return budget


@member_required
def members(request, pk: int):
    budget = _collective_in(request, pk)
    role = selectors.role_in(budget, request.user.pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collective.participant_invite(
                budget_id=budget.pk, member_numbers=form.cleaned_data["invitees"], user=request.user
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("budget:members", pk=budget.pk)
    participants = (
        budget.participants.exclude(status=Participant.Status.REMOVED)
        .select_related("member", "member__member_profile")
        .order_by("role", "created_at", "pk")  # managers first
    )
    context = {
        "budget": budget,
        "participants": participants,
        "is_manager": role == Participant.Role.MANAGER,
        "form": form,
    }
    return render(request, "budget/members.html", context)


@member_required
@require_POST
def member_remove(request, pk: int, participant_pk: int):
    budget = _collective_in(request, pk)
    return perform(
        request,
        lambda: collective.participant_remove(budget_id=budget.pk, participant_id=participant_pk, user=request.user),
        success=_("The member has been removed from the budget."),
        redirect_to=reverse("budget:members", args=[budget.pk]),
    )


@member_required
@require_POST
def member_role(request, pk: int, participant_pk: int):
    budget = _collective_in(request, pk)
    role = request.POST.get("role", "")
    return perform(
        request,
        lambda: collective.participant_set_role(
            budget_id=budget.pk, participant_id=participant_pk, role=role, user=request.user
        ),
        success=_("The role has been changed."),
        redirect_to=reverse("budget:members", args=[budget.pk]),
    )


@member_required
def invitation(request, token: str):
    """The invitation link: only the invited member, signed in, sees it; anyone else gets a 404."""
    participant = collective.invitation_for(token, request.user)
    if participant is None:
        return render(request, "budget/invitation_invalid.html", status=404)
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            collective.invitation_answer(token=token, user=request.user, accept=accept)
        except BusinessError as error:
            report_business_error(request, error)
            return redirect("budget:home")
        if accept:
            messages.success(
                request, _("You are now a member of the budget “%(name)s”.") % {"name": participant.budget}
            )
            return redirect("budget:detail", pk=participant.budget_id)
        messages.success(request, _("You have declined the invitation."))
        return redirect("budget:home")
    return render(request, "budget/invitation.html", {"participant": participant, "budget": participant.budget})


# --- transfers -------------------------------------------------------------------------------------


OTHER_MEMBER = "member"


SEAT = "seat:"


def _transfer_targets(request, source: Budget) -> list[tuple[str, str]]:
    """Where the money may go (DESIGN §6): from a collective budget to its members' personal budgets;
    from a personal budget to a collective budget of the member or to another member's personal budget."""
    if source.kind == Budget.Kind.COLLECTIVE:
        seats = source.participants.filter(status=Participant.Status.ACTIVE).select_related("member")
        return [
            (
                f"{SEAT}{seat.member_id}",
                _("My personal budget")
                if seat.member_id == request.user.pk
                else _("Personal budget of %(name)s") % {"name": seat.member.get_full_name() or seat.member.email},
            )
            for seat in seats
        ]
    collectives = selectors.budgets_of_member(request.user.pk).filter(
        kind=Budget.Kind.COLLECTIVE, status=Budget.Status.ACTIVE, entity_id=source.entity_id
    )
    choices = [(str(budget.pk), str(budget)) for budget in collectives]
    choices.append((OTHER_MEMBER, _("Another member's personal budget (member number)")))
    return choices


@member_required
def transfer_create(request, pk: int):
    source = selectors.budget_in(request.scope, pk)
    if not services.may_spend(member_id=request.user.pk, budget=source):
        raise Http404
    targets = _transfer_targets(request, source)
    form = TransferForm(request.POST or None, targets=targets, by_number=source.kind == Budget.Kind.PERSONAL)
    if request.method == "POST" and form.is_valid():
        try:
            target_id = _chosen_target(form, source)
            transfer = services.transfer_request(
                source_id=source.pk,
                target_id=target_id,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except BusinessError as error:
            report_business_error(request, error, form)
        else:
            messages.success(request, _("Your transfer has been sent to the Smart team for approval."))
            return redirect("budget:transfer_detail", pk=transfer.pk)
    context = {"form": form, "source": source, "figures": figures_of(source.pk)}
    return render(request, "budget/transfer_form.html", context)


def _chosen_target(form: TransferForm, source: Budget) -> int:
    """The budget id of the form's choice; colleagues' personal budgets are opened if need be."""
    choice = form.cleaned_data["target"]
    if choice == OTHER_MEMBER:
        number = form.cleaned_data.get("member_number", "")
        return services.payee_budget(entity_id=source.entity_id, member_number=number).pk
    if choice.startswith(SEAT):
        return services.payee_budget(entity_id=source.entity_id, member_id=int(choice.removeprefix(SEAT))).pk
    return int(choice)


@member_required
def transfer_list(request):
    transfers = selectors.transfers_in(request.scope).order_by("-created_at", "-pk")
    return render(request, "budget/transfer_list.html", {"page": paginate(request, transfers)})


@member_required
def transfer_detail(request, pk: int):
    transfer = selectors.transfer_in(request.scope, pk)
    context = {
        "transfer": transfer,
        "may_withdraw": transfer.status == Transfer.Status.SUBMITTED and transfer.requested_by_id == request.user.pk,
    }
    return render(request, "budget/transfer_detail.html", context)


@member_required
@require_POST
def transfer_withdraw(request, pk: int):
    transfer = selectors.transfer_in(request.scope, pk)
    return perform(
        request,
        lambda: services.transfer_decide(
            transfer_id=transfer.pk, event="withdraw", user=request.user, actor=Actor.MEMBER
        ),
        success=_("The transfer has been withdrawn."),
        redirect_to=reverse("budget:transfer_detail", args=[transfer.pk]),
    )
