"""Where upper apps plug into the base app.

``mentoring`` is the base app: it imports nothing from roadmaps, surveys,
reports or any later app (a test walks its modules). An upper app that adds
to a page or to a step of the base app registers here from its
``AppConfig.ready``:

- `register_home_card`: a card on the home page of staff and specialists
  (the roadmaps app: the roadmap's progress and indicators);
- `register_cabinet_widget`: a block in the participant's cabinet (the
  surveys app: questionnaires waiting for an answer);
- `register_order_approval_effect`: what happens when an order of a kind is
  approved, inside the approving transaction (the roadmaps app: the
  roadmaps of a ROADMAP order become approved).

An app that is not installed simply registers nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """A template included on a page with one context value it needs."""

    key: str  # the context variable the template reads
    template: str
    build: Callable  # (organization) for home cards, (request) for widgets
    roles: frozenset | None = None  # None: every role that sees the page


_home_cards: dict[str, Block] = {}
_cabinet_widgets: dict[str, Block] = {}


def register_home_card(*, key, template, build, roles=None):
    """``build(organization)`` gives the value of ``key`` for ``template``;
    ``roles`` limits the card to those membership roles."""
    _home_cards[key] = Block(key, template, build, frozenset(roles) if roles else None)


def register_cabinet_widget(*, key, template, build):
    """``build(request)`` gives the value of ``key`` for ``template``."""
    _cabinet_widgets[key] = Block(key, template, build)


def register_order_approval_effect(kind, effect):
    """``effect(order=..., by=...)`` runs inside order_approve's transaction
    after an order of ``kind`` is approved; it may raise ValidationError to
    refuse the approval. The one list of effects is kept with the order
    kinds (``mentoring.orderkinds``)."""
    from .orderkinds import register_approval_effect

    register_approval_effect(str(kind), effect)


def home_cards(organization, role):
    """(context values, [template names]) of the cards for this role."""
    context, templates = {}, []
    for block in _home_cards.values():
        if block.roles is None or role in block.roles:
            context[block.key] = block.build(organization)
            templates.append(block.template)
    return context, templates


def cabinet_widgets(request):
    """(context values, [template names]) of the cabinet's widgets."""
    context, templates = {}, []
    for block in _cabinet_widgets.values():
        context[block.key] = block.build(request)
        templates.append(block.template)
    return context, templates


def order_approval_effects(order, by):
    """Run the effects registered for the order's kind."""
    from .orderkinds import approval_effects

    for effect in approval_effects(order.kind):
        effect(order=order, by=by)
