"""Pages about a person's own account: My data (download it, erase it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from steadfast.accounts import services

ERASE_WORD = "delete"


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything a person wrote and answered: download it, or delete all of it for good."""
    user: Any = request.user
    if request.method == "POST":
        if request.POST.get("confirm", "").strip().lower() != ERASE_WORD:
            messages.error(request, f'To delete everything, type "{ERASE_WORD}" in the box.')
            return render(request, "accounts/my_data.html", {"erase_word": ERASE_WORD}, status=400)
        counts = services.personal_data_erase(user=user, request=request)
        messages.success(
            request,
            "Deleted for good: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".",
        )
        return redirect("my_data")
    return render(request, "accounts/my_data.html", {"erase_word": ERASE_WORD})


@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    """Everything a person wrote and answered, from every app, as one JSON file to keep."""
    user: Any = request.user
    response = JsonResponse(
        services.personal_data_export(user=user),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = 'attachment; filename="steadfast-my-data.json"'
    return response
