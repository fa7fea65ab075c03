import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.models import Consent, ConsentKind, Participant, TargetGroup
from mentoring.services.consents import consent_withdraw
from reports.models import PublicSettings

from .access import PUBLIC, approved_order, published_news
from .helpers import consents, people

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "dokumenty/",
    "novosti/",
    "novosti/rss/",
    "praktiki/",
    "doska-pochyota/",
    "materialy/",
    "embed/",
]
ALL_FIELDS = {f"publish_{f}": True for f in ("name", "position", "subjects", "achievements")}


def mentor(org, last_name, *, group=TargetGroup.TEACHER, birth=datetime.date(1980, 1, 1), **kw):
    [person] = people(org, 1, mentor=True, prefix=last_name, group=group, birth=birth, **kw)
    Participant.objects.filter(pk=person.pk).update(last_name=last_name)
    person.last_name = last_name
    return person


@pytest.fixture
def section(cast):
    org = cast.school
    PublicSettings.objects.create(
        organization=org,
        about="Наставничество помогает молодым педагогам.",
        coordinator_name="Кураторова Ольга Петровна",
        coordinator_email="kurator@example.org",
    )
    published = mentor(
        org, "Публикуемова", achievements="Победитель конкурса «Педагог года»", subjects="Химия"
    )
    consents([published])
    consents(
        [published],
        ConsentKind.PUBLICATION,
        publish_name=True,
        publish_position=True,
        publish_achievements=True,
    )
    hidden = {
        # No consent to publication.
        "no_consent": mentor(org, "Безсогласова"),
        # A minor (a college student of 16) with a publication consent.
        "minor": mentor(
            org,
            "Несовершеннолетова",
            group=TargetGroup.COLLEGE_STUDENT,
            birth=timezone.localdate() - datetime.timedelta(days=16 * 365),
        ),
        # A school student (an adult one) with a publication consent.
        "student": mentor(
            org, "Школьникова", group=TargetGroup.SCHOOL_STUDENT, birth=datetime.date(2007, 1, 1)
        ),
        # Processing consent withdrawn, publication consent still on file.
        "processing_withdrawn": mentor(org, "Отозвавшая"),
    }
    consents([hidden["no_consent"], hidden["minor"], hidden["student"]])
    consents(
        [hidden["minor"], hidden["student"], hidden["processing_withdrawn"]],
        ConsentKind.PUBLICATION,
        **ALL_FIELDS,
    )
    consents(
        [hidden["processing_withdrawn"]],
        given_on=timezone.localdate() - datetime.timedelta(days=90),
    )
    Consent.objects.filter(
        participant=hidden["processing_withdrawn"], kind=ConsentKind.PROCESSING
    ).update(withdrawn_on=timezone.localdate() - datetime.timedelta(days=1))
    # A mentee young specialist: never on any public page.
    hidden["mentee"] = people(org, 1, group=TargetGroup.YOUNG_SPECIALIST, prefix="Наставляемова")[0]
    order = approved_order(cast)
    news = published_news(cast)
    from mentoring.models.activities import (
        Material,
        MaterialCategory,
        MaterialVisibility,
        Practice,
        PracticeStatus,
    )

    category = MaterialCategory.objects.create(organization=org, name="Памятки")

    Practice.objects.create(
        organization=org,
        title="Клуб молодого педагога",
        authors="Методическое объединение",
        description="Еженедельные встречи.",
        results="Все молодые педагоги остались в школе.",
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    Material.objects.create(
        organization=org,
        category=category,
        title="Памятка наставнику",
        url="https://example.org/pamyatka",
        visibility=MaterialVisibility.PUBLIC,
    )
    Material.objects.create(
        organization=org,
        category=category,
        title="Внутренний регламент",
        url="https://example.org/internal",
        visibility=MaterialVisibility.ORGANIZATION,
    )
    return {"org": org, "published": published, "hidden": hidden, "order": order, "news": news}


def all_pages(client, section):
    urls = [PUBLIC + p for p in PAGES]
    urls += [
        PUBLIC + f"dokumenty/prikaz-{section['order'].pk}/",
        PUBLIC + f"novosti/{section['news'].pk}/",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


@pytest.mark.parametrize("mode", ["normal", "vi"])
def test_only_mentors_with_publication_consent_appear_on_public_pages(client, section, mode):
    if mode == "vi":
        client.cookies["vi"] = "1"
    pages = all_pages(client, section)
    board = pages[PUBLIC + "doska-pochyota/"]
    assert "Публикуемова Анна Ивановна" in board
    assert "Победитель конкурса" in board
    assert "Учитель" in board
    # Subjects were not allowed by the consent.
    assert "Химия" not in board
    for url, html in pages.items():
        for person in section["hidden"].values():
            assert person.last_name not in html, (url, person.last_name)
        assert "Внутренний регламент" not in html


def test_withdrawn_publication_consent_removes_the_mentor_from_cached_pages(
    client, section, django_capture_on_commit_callbacks
):
    url = PUBLIC + "doska-pochyota/"
    assert "Публикуемова" in client.get(url).content.decode()
    # Cached now: a repeat makes no query.
    with CaptureQueriesContext(connection) as captured:
        assert "Публикуемова" in client.get(url).content.decode()
    assert len(captured) == 0
    consent = Consent.objects.get(participant=section["published"], kind=ConsentKind.PUBLICATION)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, on_date=timezone.localdate())
    for html in all_pages(client, section).values():
        assert "Публикуемова" not in html


def test_withdrawn_processing_consent_removes_the_mentor_at_once(
    client, section, django_capture_on_commit_callbacks
):
    url = PUBLIC + "doska-pochyota/"
    assert "Публикуемова" in client.get(url).content.decode()
    consent = Consent.objects.get(participant=section["published"], kind=ConsentKind.PROCESSING)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, on_date=timezone.localdate())
    assert "Публикуемова" not in client.get(url).content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_public_page_takes_at_most_10_queries_and_none_on_a_repeat(
    client, section, page, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(10):
        first = client.get(PUBLIC + page)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(PUBLIC + page)
    assert second.content == first.content


def test_modes_are_cached_separately(client, section):
    normal = client.get(PUBLIC).content.decode()
    client.cookies["vi"] = "1"
    vi = client.get(PUBLIC).content.decode()
    assert "vi-mode" not in normal and "public-vi.css" not in normal
    assert "vi-mode" in vi and "public-vi.css" in vi
    assert "Обычная версия сайта" in vi and "Версия для слабовидящих" in normal


def test_mode_switch_sets_the_cookie_and_goes_back(client, section):
    response = client.get(PUBLIC + "rezhim/?on=1&next=" + PUBLIC + "novosti/")
    assert response.status_code == 302
    assert response["Location"] == PUBLIC + "novosti/"
    assert response.cookies["vi"].value == "1"
    response = client.get(PUBLIC + "rezhim/?next=https://evil.example/")
    assert response["Location"] == PUBLIC
    assert response.cookies["vi"]["max-age"] == 0


def test_vi_mode_shows_no_images(client, section, tmp_path):
    from django.core.files.base import ContentFile

    from .helpers import TODAY  # noqa: F401 - the module's dates

    news = section["news"]
    news.picture.save("p.png", ContentFile(b"\x89PNG"), save=True)
    url = PUBLIC + f"novosti/{news.pk}/"
    assert "<img" in client.get(url).content.decode()
    client.cookies["vi"] = "1"
    assert "<img" not in client.get(url).content.decode()


def test_rss_lists_published_news(client, section):
    from mentoring.models.activities import News

    News.objects.create(organization=section["org"], title="Черновик новости", body="…")
    response = client.get(PUBLIC + "novosti/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    xml = response.content.decode()
    assert "<title>Старт программы наставничества</title>" in xml
    assert f"{PUBLIC}novosti/{section['news'].pk}/" in xml
    assert "Черновик новости" not in xml


def test_only_the_embed_page_may_be_framed(client, section):
    embed = client.get(PUBLIC + "embed/")
    assert "X-Frame-Options" not in embed
    # From the cache too.
    assert "X-Frame-Options" not in client.get(PUBLIC + "embed/")
    assert client.get(PUBLIC)["X-Frame-Options"] == "DENY"
    assert '<base target="_top">' in embed.content.decode()


def test_public_order_shows_its_text_but_never_the_appendix_of_pairs(client, section):
    html = client.get(PUBLIC + f"dokumenty/prikaz-{section['order'].pk}/").content.decode()
    assert "Утвердить Положение о наставничестве." in html
    documents = client.get(PUBLIC + "dokumenty/").content.decode()
    assert "Приказ № 1-о от 01.09.2026" in documents


def test_unpublished_order_and_switched_off_sections_are_404(client, section, cast):
    from mentoring.models import Order

    Order.objects.filter(pk=section["order"].pk).update(is_public=False)
    assert client.get(PUBLIC + f"dokumenty/prikaz-{section['order'].pk}/").status_code == 404
    PublicSettings.objects.filter(organization=section["org"]).update(show_honour_board=False)
    assert client.get(PUBLIC + "doska-pochyota/").status_code == 404
    assert "Доска почёта" not in client.get(PUBLIC).content.decode()
    assert client.get("/o/test-do/nastavnichestvo/").status_code == 404
    assert client.get("/o/no-such/nastavnichestvo/").status_code == 404


def test_saving_public_settings_refreshes_the_cached_pages(
    cast, client_for, section, django_capture_on_commit_callbacks
):
    client = client_for(cast.methodist)
    assert "Кураторова Ольга Петровна" in client.get(PUBLIC).content.decode()
    data = {
        "is_enabled": "on",
        "about": "Новый текст о программе.",
        "coordinator_name": "Новикова Ирина Сергеевна",
        "show_documents": "on",
        "show_news": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/public-settings/", data)
    assert response.status_code == 302
    html = client.get(PUBLIC).content.decode()
    assert "Новикова Ирина Сергеевна" in html
    assert "Новый текст о программе." in html
    assert client.get(PUBLIC + "doska-pochyota/").status_code == 404


def test_home_shows_about_contacts_and_news(client, section):
    html = client.get(PUBLIC).content.decode()
    assert "Наставничество помогает молодым педагогам." in html
    assert "kurator@example.org" in html
    assert "Старт программы наставничества" in html
    assert 'lang="ru"' in html
    assert 'href="#content"' in html


def approved_roadmap(org):
    from roadmaps.models import Activity, Occurrence, Roadmap

    today = timezone.localdate()
    roadmap = Roadmap.objects.create(
        organization=org,
        title="Дорожная карта внедрения целевой модели наставничества",
        period_start=today.year - 1,
        period_end=today.year + 1,
        status="approved",
        approved_on=today - datetime.timedelta(days=100),
    )
    stage = Activity.objects.create(
        roadmap=roadmap, position=1, number="1", title="Подготовка условий", is_tracked=False
    )
    done = Activity.objects.create(
        roadmap=roadmap,
        parent=stage,
        stage=stage,
        depth=1,
        position=2,
        number="1.1",
        title="Издать приказ о Положении",
        deadline_text="Сентябрь",
    )
    late = Activity.objects.create(
        roadmap=roadmap,
        parent=stage,
        stage=stage,
        depth=1,
        position=3,
        number="1.2",
        title="Сформировать банк наставников",
        deadline_text="Октябрь",
    )
    Occurrence.objects.create(
        activity=done,
        roadmap=roadmap,
        stage=stage,
        organization=org,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=30),
        status="done",
        done_on=today - datetime.timedelta(days=40),
    )
    Occurrence.objects.create(
        activity=late,
        roadmap=roadmap,
        stage=stage,
        organization=org,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=2),
        status="planned",
    )
    return roadmap


def test_roadmap_progress_is_public_and_in_the_reports(client, client_for, cast, section):
    from reports import builders, services

    approved_roadmap(section["org"])
    # By default only the plan is public: no states, no "срок прошёл".
    plan_only = client.get(PUBLIC + "dokumenty/").content.decode()
    assert "Сформировать банк наставников" in plan_only
    assert "срок прошёл" not in plan_only and "Выполнено мероприятий" not in plan_only
    assert "просрочено" not in client.get(PUBLIC).content.decode()
    settings = PublicSettings.objects.get(organization=section["org"])
    settings.show_roadmap_progress = True
    settings.save()
    cache.clear()
    html = client.get(PUBLIC + "dokumenty/").content.decode()
    assert "Дорожная карта и её выполнение" in html
    # «просрочено», the word of every other page (not «с нарушением срока»).
    assert "Выполнено мероприятий: 1 из 2, просрочено 1." in html
    # The share is the "roadmap_done" definition's figure, with its definition.
    assert 'data-indicator="roadmap_done">50<' in html
    assert (
        "Что считается: позиции, отмеченные выполненными к дате, "
        "в том числе выполненные с опозданием" in html
    )
    assert "Сформировать банк наставников" in html and "срок прошёл" in html
    data = builders.dashboard_data(section["org"])
    assert data["roadmap"]["done"] == 1 and data["roadmap"]["overdue"] == 1
    values = builders.organization_indicators([section["org"].pk], timezone.localdate())
    assert values[section["org"].pk]["roadmap_done_percent"] == 50.0
    assert client_for(cast.director).get("/dashboard/").status_code == 200
    from .helpers import pdf_text

    text = pdf_text(
        services.report_build(organization=section["org"], kind="analytic", fmt="pdf").content
    )
    assert "Выполнение дорожной карты" in text


def test_organisation_name_keeps_number_sign_with_its_number(client, cast, section):
    """QA: the public header and footer broke «школа №» / «11» at 390 px;
    the name now carries a non-breaking space as on the printed documents."""
    cast.school.name = "Муниципальное бюджетное общеобразовательное учреждение «Школа № 11»"
    cast.school.address = "г. Энск, ул. Школьная, д. 11"
    cast.school.save()
    from django.core.cache import cache

    cache.clear()
    page = client.get(PUBLIC).content.decode()
    assert "«Школа № 11»" not in page and "«Школа №\u00a011»" in page
    assert "д.\u00a011" in page


def test_a_news_item_naming_a_person_who_withdraws_leaves_every_public_page(
    client, section, django_capture_on_commit_callbacks
):
    """ст. 10.1 ч. 12-13: distribution stops when the demand is received.
    The news list already hid such an item; the home page, the embed, the
    RSS feed and the item's own page kept showing it (title included)."""
    news = section["news"]
    news.title = "Публикуемова Анна Ивановна — наставник года"
    news.body = "Поздравляем Анну Ивановну Публикуемову!"
    news.save()
    pages = all_pages(client, section)
    assert "Публикуемов" in pages[PUBLIC]
    assert "Публикуемов" in pages[PUBLIC + f"novosti/{news.pk}/"]
    consent = Consent.objects.get(participant=section["published"], kind=ConsentKind.PUBLICATION)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, on_date=timezone.localdate())
    for url in [PUBLIC + p for p in PAGES]:
        html = client.get(url).content.decode()
        assert "Публикуемов" not in html, url
    assert client.get(PUBLIC + f"novosti/{news.pk}/").status_code == 404


def test_a_public_material_naming_a_person_who_withdraws_leaves_the_materials_page(
    client, section, django_capture_on_commit_callbacks
):
    """Same rule as news and practices: a public material's title and
    description were checked when it was made public, never again."""
    from mentoring.models.activities import Material

    Material.objects.filter(title="Памятка наставнику").update(
        description="Составила Публикуемова Анна Ивановна"
    )
    url = PUBLIC + "materialy/"
    assert "Публикуемова" in client.get(url).content.decode()
    consent = Consent.objects.get(participant=section["published"], kind=ConsentKind.PUBLICATION)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, on_date=timezone.localdate())
    assert "Публикуемова" not in client.get(url).content.decode()


def test_the_picture_of_a_news_item_that_left_the_pages_is_not_served(
    client, section, django_capture_on_commit_callbacks
):
    """The photo of a news item about a person who withdrew stayed at its
    public address after the item left the pages."""
    from django.core.files.base import ContentFile

    news = section["news"]
    news.title = "Публикуемова Анна Ивановна — наставник года"
    news.picture.save("photo.png", ContentFile(b"\\x89PNG\\r\\n\\x1a\\n" + b"0" * 64), save=True)
    url = f"/public/news/{news.pk}/picture/"
    assert client.get(url).status_code == 200
    consent = Consent.objects.get(participant=section["published"], kind=ConsentKind.PUBLICATION)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, on_date=timezone.localdate())
    assert client.get(url).status_code == 404
