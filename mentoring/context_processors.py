from .navigation import menu_for, sidebar_html


def _unread_count(request):
    """A callable the template resolves on first use: the COUNT runs only on
    pages that show the bell, once. Reminders that fell due since the last
    look are put in the list first (``reminders_refresh``: at most every few
    minutes per session), so the bell shows them without waiting for the
    nightly send_reminders."""
    cache = []

    def count():
        if not cache:
            from .models import Notification
            from .services.notifications import reminders_refresh

            reminders_refresh(request)
            cache.append(
                Notification.objects.filter(user=request.user, read_at__isnull=True).count()
            )
        return cache[0]

    return count


class _LazySidebar:
    """The side menu's HTML, built when the template prints it (pages
    without the layout do not pay); ``request.resolver_match`` is set by
    then."""

    def __init__(self, request, membership):
        self.request, self.membership = request, membership

    def __str__(self):
        match = getattr(self.request, "resolver_match", None)
        return sidebar_html(self.membership, match.view_name if match else None)

    def __html__(self):
        return str(self)


def navigation(request):
    membership = getattr(request, "membership", None)
    return {
        "current_membership": membership,
        "current_org": getattr(request, "org", None),
        "user_memberships": getattr(request, "memberships", []),
        "menu": menu_for(membership),
        "sidebar_items": _LazySidebar(request, membership),
        # The bell in the navbar: one cheap COUNT, for signed-in users only.
        "unread_notifications": (_unread_count(request) if request.user.is_authenticated else 0),
    }
