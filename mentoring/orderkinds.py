"""Kinds of orders as data, and the registries through which upper apps plug
into orders without the orders code importing them.

* ``KINDS``: every kind with its default title, preamble (citing the acts by
  name, number and date), points, appendix and which extra data it carries.
  A new kind is one ``register_kind(OrderKindSpec(...))`` call from the app that
  needs it (e.g. a department's own kind); the model field reads its choices
  from here, so no migration is needed for a new kind.
* ``register_approval_effect(kind, fn)``: ``fn(*, order, by)`` runs inside the
  approving transaction of an order of that kind (roadmaps approve the roadmap,
  documents freeze the Положение).
* ``register_appendix(kind, fn)``: ``fn(order)`` returns a list of ``Appendix``
  printed after the order's text ("Приложение к приказу … от … № …"); ``kind``
  ``None`` means every kind (extra appendices attached to any order).

Sources of the texts: распоряжение Минпросвещения России от 25.12.2019 № Р-145
(the target model of mentoring of students); the methodological
recommendations on the system of mentoring of pedagogical workers sent by the
letter of Минпросвещения России and the Профсоюз образования of 21.12.2021
№ АЗ-1128/08/657; ТК РФ ст. 351.8 (added by Федеральный закон от 09.11.2024
№ 381-ФЗ, in force from 01.03.2025).
"""

from collections import defaultdict
from dataclasses import dataclass, field

# The acts, as a preamble cites them (name, number, date).
ACTS = {
    "r145": "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 "
    "№ Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся "
    "для организаций, осуществляющих образовательную деятельность по общеобразовательным, "
    "дополнительным общеобразовательным и программам среднего профессионального "
    "образования, в том числе с применением лучших практик обмена опытом между "
    "обучающимися»",
    "ped2021": "Методическими рекомендациями по разработке и внедрению системы (целевой "
    "модели) наставничества педагогических работников в образовательных организациях "
    "(письмо Министерства просвещения Российской Федерации и Общероссийского Профсоюза "
    "образования от 21.12.2021 № АЗ-1128/08/657)",
    "tk3518": "статьёй 351.8 Трудового кодекса Российской Федерации",
    "regulation": "Положением о наставничестве",
}


def preamble(*acts, purpose=""):
    """'В соответствии с <act>, <act>, <purpose>' — the acts by key of ACTS."""
    cited = ", ".join(ACTS[a] for a in acts)
    text = f"В соответствии с {cited}"
    return f"{text}, {purpose}" if purpose else text


CONTROL = "Контроль исполнения приказа оставляю за собой."


@dataclass(frozen=True)
class OrderKindSpec:
    """One kind of order.

    ``mentorship_status``: the kinds whose appendix is the table of pairs list
    mentorships in this status (``None``: no table). ``details``: the extra
    data the kind carries (``"award"``: mentors with their awards;
    ``"final_event"``: date, place, programme, commission). ``acquaintance``:
    print the sheet «С приказом ознакомлены» (ТК РФ ст. 22 ч. 2) for the
    persons the order assigns. ``for_departments``: a department may issue it.
    """

    kind: str
    label: str
    title: str
    preamble: str
    points: tuple = ()
    appendix_title: str = ""
    mentorship_status: str | None = None
    details: str | None = None
    acquaintance: bool = True
    for_departments: bool = True
    for_organizations: bool = True


KINDS: dict[str, OrderKindSpec] = {}


def register_kind(spec):
    KINDS[spec.kind] = spec
    return spec


def kind_choices():
    """Choices of ``Order.kind`` (a callable, so that a kind added by an app
    needs no migration)."""
    return [(spec.kind, spec.label) for spec in KINDS.values()]


def spec_for(kind):
    """The spec of a kind; ``KeyError`` for an unknown kind."""
    return KINDS[str(kind)]


_EFFECTS = defaultdict(list)
_APPENDICES = defaultdict(list)


def register_approval_effect(kind, fn):
    """``fn(*, order, by)`` runs in the approving transaction of ``kind``."""
    if fn not in _EFFECTS[kind]:
        _EFFECTS[kind].append(fn)


def approval_effects(kind):
    return list(_EFFECTS[str(kind)])


@dataclass
class Appendix:
    """A printed appendix: ``html`` is the SafeString that render_to_string
    returns for a template of the app that owns it (plain strings are
    escaped when printed); ``grif`` adds «УТВЕРЖДЕН(А) приказом …»;
    ``landscape`` prints it on landscape pages."""

    title: str
    html: str = ""
    grif: str = ""
    landscape: bool = False
    extra: dict = field(default_factory=dict)


def register_appendix(kind, fn):
    """``fn(order)`` → list of ``Appendix``; ``kind=None`` for every kind."""
    if fn not in _APPENDICES[kind]:
        _APPENDICES[kind].append(fn)


def appendices_for(order):
    found = []
    for fn in [*_APPENDICES[str(order.kind)], *_APPENDICES[None]]:
        found.extend(fn(order))
    return found


_PANELS = []


def register_order_panel(fn):
    """``fn(request, order)`` → HTML (a SafeString from render_to_string) shown
    in the side column of the order's page (signed scan, frozen copy…)."""
    if fn not in _PANELS:
        _PANELS.append(fn)


def order_panels(request, order):
    return [html for fn in _PANELS if (html := fn(request, order))]


# --- the kinds of the base app -------------------------------------------------------

_R145_PED = ("r145", "ped2021")

for _spec in (
    OrderKindSpec(
        kind="implementation",
        label="О внедрении целевой модели наставничества",
        title="О внедрении целевой модели наставничества",
        preamble=preamble(
            *_R145_PED, purpose="в целях внедрения целевой модели наставничества в организации"
        ),
        points=(
            "Внедрить целевую модель наставничества обучающихся и педагогических работников.",
            "Назначить куратором внедрения целевой модели наставничества:",
            "Куратору разработать проект Положения о наставничестве и дорожную карту "
            "внедрения целевой модели наставничества.",
            CONTROL,
        ),
    ),
    OrderKindSpec(
        kind="coordinator",
        label="О назначении куратора внедрения целевой модели наставничества",
        title="О назначении куратора внедрения целевой модели наставничества",
        preamble=preamble(*_R145_PED),
        points=(
            "Назначить куратором внедрения целевой модели наставничества:",
            "Куратору организовать формирование баз наставников и наставляемых, "
            "мониторинг и оценку эффективности программы наставничества.",
            CONTROL,
        ),
    ),
    OrderKindSpec(
        kind="working_group",
        label="О создании рабочей группы по внедрению целевой модели наставничества",
        title="О создании рабочей группы по внедрению целевой модели наставничества",
        preamble=preamble(*_R145_PED),
        points=(
            "Создать рабочую группу по внедрению целевой модели наставничества в составе:",
            "Рабочей группе разработать программу наставничества и дорожную карту.",
            CONTROL,
        ),
    ),
    OrderKindSpec(
        kind="regulation",
        label="Об утверждении Положения о наставничестве",
        title="Об утверждении Положения о наставничестве",
        preamble=preamble(*_R145_PED, "tk3518"),
        points=(
            "Утвердить Положение о наставничестве (приложение).",
            "Куратору ознакомить педагогических работников с Положением о наставничестве.",
            "Разместить Положение о наставничестве в разделе «Наставничество» официального сайта.",
            CONTROL,
        ),
    ),
    OrderKindSpec(
        kind="programme",
        label="Об утверждении программы наставничества",
        title="Об утверждении программы наставничества",
        preamble=preamble(*_R145_PED, "regulation"),
        points=(
            "Утвердить программу наставничества организации (приложение).",
            "Куратору обеспечить реализацию программы наставничества.",
            CONTROL,
        ),
    ),
    OrderKindSpec(
        kind="roadmap",
        label="Об утверждении дорожной карты",
        title="Об утверждении дорожной карты внедрения целевой модели наставничества",
        preamble=preamble(
            *_R145_PED, purpose="в целях организованного внедрения целевой модели наставничества"
        ),
        points=(
            "Утвердить дорожную карту внедрения целевой модели наставничества (приложение).",
            "Ответственным исполнителям обеспечить выполнение мероприятий дорожной карты "
            "в установленные сроки.",
            CONTROL,
        ),
    ),
    OrderKindSpec(
        kind="pairing",
        label="О закреплении наставнических пар (групп)",
        title="О закреплении наставнических пар (групп)",
        preamble=preamble(
            "r145", "ped2021", "regulation", purpose="на основании письменных согласий участников"
        ),
        points=(
            "Закрепить наставнические пары (группы) согласно приложению.",
            "Наставникам совместно с наставляемыми разработать персонализированные "
            "программы наставничества в течение двух недель.",
            "Куратору обеспечить методическое сопровождение наставнических пар (групп).",
            CONTROL,
        ),
        appendix_title="Список наставнических пар (групп)",
        mentorship_status="agreed",
    ),
    OrderKindSpec(
        kind="change",
        label="Об изменении или прекращении наставнических пар (групп)",
        title="О прекращении наставнических пар (групп)",
        preamble=preamble("r145", "regulation"),
        points=(
            "Прекратить работу наставнических пар (групп) согласно приложению.",
            "Куратору продолжить подбор наставников для наставляемых, оставшихся без пары.",
            CONTROL,
        ),
        appendix_title="Список наставнических пар (групп), прекращающих работу",
        mentorship_status="active",
    ),
    OrderKindSpec(
        kind="final_event",
        label="О проведении итогового мероприятия",
        title="О проведении итогового мероприятия программы наставничества",
        preamble=preamble(
            "r145", purpose="в целях подведения итогов реализации программы наставничества"
        ),
        points=(
            "Провести итоговое мероприятие программы наставничества в срок и в месте, "
            "указанных в приложении, по программе согласно приложению.",
            "Утвердить состав комиссии по отбору лучших практик наставничества (приложение).",
            "Куратору подготовить аналитическую справку о результатах наставничества.",
            CONTROL,
        ),
        appendix_title="Программа итогового мероприятия и состав комиссии",
        details="final_event",
    ),
    OrderKindSpec(
        kind="award",
        label="О поощрении наставников",
        title="О поощрении наставников",
        preamble=preamble(
            "r145", "regulation", purpose="по итогам реализации программы наставничества"
        ),
        points=(
            "Поощрить наставников согласно приложению.",
            "Разместить информацию о поощрённых наставниках на доске почёта раздела "
            "«Наставничество» официального сайта с их согласия.",
            CONTROL,
        ),
        appendix_title="Список поощряемых наставников",
        details="award",
    ),
    OrderKindSpec(
        kind="free",
        label="Иной приказ по наставничеству",
        title="О ",
        preamble=preamble("r145"),
        points=(CONTROL,),
    ),
):
    register_kind(_spec)
