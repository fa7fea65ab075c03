"""How the Положение plugs into orders (mentoring.orderkinds registries):
the order «Об утверждении Положения о наставничестве» prints the Положение as
its appendix with the grif УТВЕРЖДЕНО, and approving it freezes the
Положение (its version, and the PDF rendered once with SHA-256)."""

from mentoring.orderkinds import (
    Appendix,
    register_appendix,
    register_approval_effect,
    register_order_panel,
)

from .models import OrderAppendix, Regulation


def regulation_appendix(order):
    from .exports import regulation_fragment

    return [
        Appendix(title=r.title, grif="УТВЕРЖДЕНО", html=regulation_fragment(r))
        for r in Regulation.objects.filter(order=order).select_related("organization", "order")
    ]


def _approved(*, order, by=None):
    from .services import regulation_approved_by_order

    regulation_approved_by_order(order=order, by=by)


def extra_appendices(order):
    """The extra appendices added to any order (documents.OrderAppendix)."""
    from django.template.loader import render_to_string

    from .exports import regulation_fragment

    found = []
    for extra in OrderAppendix.objects.filter(order=order).select_related("regulation__order"):
        if extra.regulation_id:
            html = regulation_fragment(extra.regulation)
        else:
            html = render_to_string("documents/pdf/order_file_appendix.html", {"extra": extra})
        found.append(Appendix(title=extra.title, html=html))
    return found


register_appendix("regulation", regulation_appendix)
register_appendix(None, extra_appendices)
register_approval_effect("regulation", _approved)


def _scan_panel(request, order):
    from .views import order_scan_panel

    return order_scan_panel(request, order)


register_order_panel(_scan_panel)
