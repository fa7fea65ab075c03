from .navigation import menu_for


def _unread_count(user):
    """A callable the template resolves on first use: the COUNT runs only on
    pages that show the bell, once."""
    cache = []

    def count():
        if not cache:
            from .models import Notification

            cache.append(Notification.objects.filter(user=user, read_at__isnull=True).count())
        return cache[0]

    return count


def navigation(request):
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_org": getattr(request, "org", None),
        "user_memberships": getattr(request, "memberships", []),
        "menu": menu_for(membership),
        # The bell in the navbar: one cheap COUNT, for signed-in users only.
        "unread_notifications": (
            _unread_count(request.user) if request.user.is_authenticated else 0
        ),
    }
