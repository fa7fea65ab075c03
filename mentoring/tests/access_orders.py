"""Access table of the order pages (see test_access_sweep.py).

Reading (register, order, PDF): the director, coordinator and methodist.
Drafting: the coordinator and methodist. Deciding (inbox, approve, return):
the director only. Another organisation's order is 404; the register and
the new-order page answer the other methodist with their own organisation.
"""

from mentoring.models import OrderKind
from mentoring.services.orders import order_create, order_defaults, order_submit
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only


def drafters(code=200, *, other_methodist=404):
    expected = everyone(403)
    expected.update({"coordinator": code, "methodist": code, "other_methodist": other_methodist})
    return expected


def director_only(code=200):
    return {**everyone(403), "director": code, "anonymous": LOGIN}


def _draft(cast):
    cast.order = order_create(
        organization=cast.school,
        kind=OrderKind.REGULATION,
        data=order_defaults(OrderKind.REGULATION),
        by=cast.methodist,
    )


def _submitted(cast):
    _draft(cast)
    cast.order = order_submit(order=cast.order, by=cast.methodist)


ACCESS = {
    # The department's specialist drafts the department's orders.
    "mentoring:order_list": Entry(
        lambda c: "/orders/", staff_only(200) | {"other_methodist": 200, "specialist": 200}
    ),
    "mentoring:order_inbox": Entry(lambda c: "/orders/inbox/", director_only()),
    "mentoring:order_create": Entry(
        lambda c: "/orders/new/pairing/", drafters(200, other_methodist=200) | {"specialist": 200}
    ),
    "mentoring:order_detail": Entry(
        lambda c: f"/orders/{c.order.pk}/", staff_only(200), setup=_draft
    ),
    "mentoring:order_edit": Entry(
        lambda c: f"/orders/{c.order.pk}/edit/", drafters(200), setup=_draft
    ),
    "mentoring:order_submit": Entry(
        lambda c: f"/orders/{c.order.pk}/submit/", drafters(302), method="post", setup=_draft
    ),
    "mentoring:order_delete": Entry(
        lambda c: f"/orders/{c.order.pk}/delete/", drafters(302), method="post", setup=_draft
    ),
    "mentoring:order_return": Entry(
        lambda c: f"/orders/{c.order.pk}/return/", director_only(200), setup=_submitted
    ),
    "mentoring:order_approve": Entry(
        lambda c: f"/orders/{c.order.pk}/approve/",
        director_only(302),
        method="post",
        setup=_submitted,
        data=lambda c: {"confirmed": "1", "version": c.order.version},
    ),
    "mentoring:order_pdf": Entry(
        lambda c: f"/orders/{c.order.pk}/order.pdf", staff_only(200), setup=_draft
    ),
}


# The department's head pairs and its order (mentoring/department_pairs.py):
# the department's specialist (and head, tested in test_department_pairs).
ACCESS.update(
    {
        "mentoring:head_pair_list": Entry(
            lambda c: "/department/head-pairs/", {**everyone(403), "specialist": 200}
        ),
        # Nothing to put in an order: a message and back to the list.
        "mentoring:head_pair_order": Entry(
            lambda c: "/department/head-pairs/order/",
            {**everyone(403), "specialist": 302},
            method="post",
            data=lambda c: {},
        ),
    }
)
