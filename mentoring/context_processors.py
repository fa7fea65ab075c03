from .navigation import menu_for


def navigation(request):
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_org": getattr(request, "org", None),
        "user_memberships": getattr(request, "memberships", []),
        "menu": menu_for(membership),
    }
