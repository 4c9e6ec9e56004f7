"""The member's employment pages ("Anstellung")."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.core.permissions import member_required
from portal.employment import selectors


@member_required
def home(request: HttpRequest) -> HttpResponse:
    employments = selectors.employments_in(request.scope)  # type: ignore[attr-defined]
    return render(request, "employment/home.html", {"employments": employments})


@member_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    employment = selectors.employment_in(request.scope, pk)  # type: ignore[attr-defined]
    return render(request, "employment/detail.html", {"employment": employment})
