def roles(request):
    return {
        "active_role": getattr(request, "role", None),
        "available_roles": getattr(request, "roles", []),
    }
