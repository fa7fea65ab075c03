"""Where the roadmaps app keeps personal data: declared in mentoring's
registry (see mentoring/personal_data.py), called from RoadmapsConfig.ready."""

from mentoring.personal_data import exempt, register


def register_roadmaps():
    register("roadmaps.Roadmap", category="Дорожная карта (заголовок)", mentions=("title",))
    register(
        "roadmaps.Activity",
        category="Мероприятия дорожной карты (ответственные)",
        mentions=("title", "content", "responsible", "expected_result", "documents"),
        organization="roadmap__organization",
    )
    register(
        "roadmaps.Occurrence",
        category="Отметки о выполнении дорожной карты (комментарии)",
        mentions=("comment", "evidence_name"),
    )
    register(
        "roadmaps.IndicatorEntry",
        category="Значения показателей (комментарии)",
        mentions=("comment",),
        organization="indicator__organization",
    )
    exempt("roadmaps.Indicator", "показатель организации: название и единица измерения")
    exempt("roadmaps.IndicatorTarget", "целевое значение показателя: только числа")
    exempt("roadmaps.IndicatorSnapshot", "снимок значения показателя: только числа")
