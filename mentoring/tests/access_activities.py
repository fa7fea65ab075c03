"""Access table of training, events, news, practices, the library, the
honour board, the files and notifications (see test_access_sweep.py).

Reading training, events, news and the honour board: the director,
coordinator and methodist; writing: the coordinator and methodist.
Practices: everybody of the organisation submits and reads their own and the
published ones; the coordinator and methodist decide; the specialist reads
the department's and keeps the municipal bank. Public files: anybody while
published.
"""

from mentoring.models import MaterialVisibility, Notification
from mentoring.services import activities as services
from mentoring.tests import activity_data as data
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only


def managers(code=200, *, other_methodist=404):
    expected = everyone(403)
    expected.update({"coordinator": code, "methodist": code, "other_methodist": other_methodist})
    return expected


def staff_list():
    """A list of the current organisation: the other methodist sees their own."""
    return staff_only(200) | {"other_methodist": 200}


def specialist_only(code=302):
    return {**everyone(403), "specialist": code}


def _group(cast):
    cast.group = services.training_group_save(
        organization=cast.school,
        data={"title": "Группа 1", "starts_on": data.timezone.localdate()},
        members=[],
        by=cast.methodist,
    )
    cast.session = services.training_session_save(
        group=cast.group,
        data={"held_on": data.timezone.localdate(), "topic": "Роль наставника"},
        attendees=[],
        by=cast.methodist,
    )


def _mentor(cast):
    cast.mentor_card = data.mentor_card(cast)


def _course(cast):
    _mentor(cast)
    cast.course = services.external_course_add(
        participant=cast.mentor_card,
        data={
            "programme": "Наставничество в образовательной организации",
            "hours": 36,
            "provider": "ИРО",
            "starts_on": data.timezone.localdate(),
            "ends_on": data.timezone.localdate(),
        },
        certificate=data.pdf("udostoverenie.pdf"),
        by=cast.methodist,
    )


def _event(cast):
    cast.event = data.event(cast)
    cast.attachment = services.attachments_add(
        owner=cast.event, files=[data.pdf("protokol.pdf")], title="Протокол", by=cast.methodist
    )[0]


def _news(cast, *, published=False):
    cast.news = services.news_save(
        organization=cast.school,
        data={"title": "Новость", "body": "Текст"},
        picture=data.png(),
        by=cast.methodist,
    )
    if published:
        services.news_publish(news=cast.news, by=cast.methodist)


def _practice(status):
    def setup(cast):
        cast.practice = data.practice(cast, status=status, files=[data.pdf()])

    return setup


def _category(cast):
    services.material_category_create(organization=cast.school, name="Шаблоны", by=cast.methodist)


def _material(visibility):
    def setup(cast):
        cast.material = data.material(cast, visibility)

    return setup


def _award(cast):
    _mentor(cast)
    cast.award = services.award_add(
        participant=cast.mentor_card,
        data={
            "title": "Благодарность",
            "awarded_on": data.timezone.localdate(),
            "level": "organization",
        },
        by=cast.methodist,
    )


def _portrait(cast):
    cast.mentor_card = data.published_mentor(cast, fields=("name", "photo"))
    services.portrait_set(participant=cast.mentor_card, upload=data.png(), by=cast.methodist)


def _notification(cast):
    cast.notification = Notification.objects.create(
        user=cast.director,
        kind="order_submitted",
        key="order:1",
        title="Приказ ожидает утверждения",
        url="/orders/",
        created_at=data.timezone.now(),
    )


PRACTICE_READERS = {
    **staff_only(200),
    "mentor": 200,  # the author
    "mentee": 404,  # neither author nor published
    "specialist": 200,
}

# The department's specialist reads the practices of its schools
# (practice_detail is 200 for them), so a decision they may not take on one
# is 403: the practice's existence is no secret to them.
PRACTICE_OUTSIDERS = frozenset({"specialist"})

ACCESS = {
    # --- training ---
    "mentoring:training_list": Entry(lambda c: "/training/", staff_list()),
    "mentoring:training_group_create": Entry(
        lambda c: "/training/groups/new/", managers(200, other_methodist=200)
    ),
    "mentoring:training_group_detail": Entry(
        lambda c: f"/training/groups/{c.group.pk}/", staff_only(200), setup=_group
    ),
    "mentoring:training_group_edit": Entry(
        lambda c: f"/training/groups/{c.group.pk}/edit/", managers(200), setup=_group
    ),
    "mentoring:training_session_create": Entry(
        lambda c: f"/training/groups/{c.group.pk}/sessions/new/", managers(200), setup=_group
    ),
    "mentoring:training_session_edit": Entry(
        lambda c: f"/training/groups/{c.group.pk}/sessions/{c.session.pk}/edit/",
        managers(200),
        setup=_group,
    ),
    "mentoring:consultation_create": Entry(
        lambda c: "/training/consultations/new/", managers(200, other_methodist=200)
    ),
    "mentoring:external_course_create": Entry(
        lambda c: f"/participants/{c.mentor_card.pk}/courses/new/", managers(200), setup=_mentor
    ),
    "mentoring:external_course_certificate": Entry(
        lambda c: f"/training/courses/{c.course.pk}/certificate/", staff_only(200), setup=_course
    ),
    # --- events ---
    "mentoring:event_list": Entry(lambda c: "/events/", staff_list()),
    "mentoring:event_create": Entry(lambda c: "/events/new/", managers(200, other_methodist=200)),
    "mentoring:event_detail": Entry(
        lambda c: f"/events/{c.event.pk}/", staff_only(200), setup=_event
    ),
    "mentoring:event_edit": Entry(
        lambda c: f"/events/{c.event.pk}/edit/", managers(200), setup=_event
    ),
    "mentoring:event_attachment_add": Entry(
        lambda c: f"/events/{c.event.pk}/files/new/", managers(302), method="post", setup=_event
    ),
    "mentoring:event_news": Entry(
        lambda c: f"/events/{c.event.pk}/news/", managers(302), method="post", setup=_event
    ),
    "mentoring:attachment_download": Entry(
        lambda c: f"/files/{c.attachment.pk}/", staff_only(200), setup=_event
    ),
    "mentoring:attachment_delete": Entry(
        lambda c: f"/files/{c.attachment.pk}/delete/", managers(302), method="post", setup=_event
    ),
    # --- news ---
    "mentoring:news_list": Entry(lambda c: "/news/", staff_list()),
    "mentoring:news_create": Entry(lambda c: "/news/new/", managers(200, other_methodist=200)),
    "mentoring:news_detail": Entry(lambda c: f"/news/{c.news.pk}/", staff_only(200), setup=_news),
    "mentoring:news_edit": Entry(lambda c: f"/news/{c.news.pk}/edit/", managers(200), setup=_news),
    "mentoring:news_publish": Entry(
        lambda c: f"/news/{c.news.pk}/publish/", managers(302), method="post", setup=_news
    ),
    "mentoring:news_unpublish": Entry(
        lambda c: f"/news/{c.news.pk}/unpublish/",
        managers(302),
        method="post",
        setup=lambda c: _news(c, published=True),
    ),
    "mentoring:news_picture": Entry(
        lambda c: f"/news/{c.news.pk}/picture/", staff_only(200), setup=_news
    ),
    # --- practices ---
    "mentoring:practice_list": Entry(lambda c: "/practices/", everyone(200)),
    "mentoring:practice_create": Entry(
        lambda c: "/practices/new/", {**everyone(200), "specialist": 403}
    ),
    "mentoring:practice_bank": Entry(
        lambda c: "/practices/municipal-bank/",
        {**staff_list(), "specialist": 200},
    ),
    "mentoring:practice_detail": Entry(
        lambda c: f"/practices/{c.practice.pk}/", PRACTICE_READERS, setup=_practice("submitted")
    ),
    "mentoring:practice_edit": Entry(
        lambda c: f"/practices/{c.practice.pk}/edit/",
        {**managers(200), "mentor": 200, "mentee": 404, "director": 403},
        setup=_practice("submitted"),
        outsiders_who_see=PRACTICE_OUTSIDERS,
    ),
    "mentoring:practice_approve": Entry(
        lambda c: f"/practices/{c.practice.pk}/approve/",
        # The mentor's unpublished practice is not the mentee's to see: 404.
        managers(302) | {"mentee": 404},
        method="post",
        setup=_practice("submitted"),
        outsiders_who_see=PRACTICE_OUTSIDERS,
    ),
    "mentoring:practice_return": Entry(
        lambda c: f"/practices/{c.practice.pk}/return/",
        # The mentor's unpublished practice is not the mentee's to see: 404.
        managers(200) | {"mentee": 404},
        setup=_practice("submitted"),
        outsiders_who_see=PRACTICE_OUTSIDERS,
    ),
    "mentoring:practice_publish": Entry(
        lambda c: f"/practices/{c.practice.pk}/publish/",
        # The mentor's unpublished practice is not the mentee's to see: 404.
        managers(302) | {"mentee": 404},
        method="post",
        setup=_practice("approved"),
        outsiders_who_see=PRACTICE_OUTSIDERS,
    ),
    "mentoring:practice_unpublish": Entry(
        lambda c: f"/practices/{c.practice.pk}/unpublish/",
        managers(302),
        method="post",
        setup=_practice("published"),
        outsiders_who_see=PRACTICE_OUTSIDERS,
    ),
    "mentoring:practice_winner": Entry(
        lambda c: f"/practices/{c.practice.pk}/winner/",
        # The mentor's unpublished practice is not the mentee's to see: 404.
        managers(302) | {"mentee": 404},
        method="post",
        setup=_practice("approved"),
        outsiders_who_see=PRACTICE_OUTSIDERS,
    ),
    "mentoring:practice_bank_add": Entry(
        lambda c: f"/practices/{c.practice.pk}/municipal-bank/add/",
        # The mentor's unpublished practice is not the mentee's to see: 404.
        specialist_only(302) | {"mentee": 404},
        method="post",
        setup=_practice("approved"),
    ),
    "mentoring:practice_bank_remove": Entry(
        lambda c: f"/practices/{c.practice.pk}/municipal-bank/remove/",
        # The mentor's unpublished practice is not the mentee's to see: 404.
        specialist_only(302) | {"mentee": 404},
        method="post",
        setup=_practice("approved"),
    ),
    # --- methodical library ---
    "mentoring:material_list": Entry(lambda c: "/materials/", everyone(200)),
    "mentoring:material_create": Entry(
        lambda c: "/materials/new/", managers(200, other_methodist=302), setup=_category
    ),
    "mentoring:material_categories": Entry(
        lambda c: "/materials/categories/", managers(200, other_methodist=200)
    ),
    "mentoring:material_edit": Entry(
        lambda c: f"/materials/{c.material.pk}/edit/",
        managers(200),
        setup=_material(MaterialVisibility.ORGANIZATION),
    ),
    "mentoring:material_delete": Entry(
        lambda c: f"/materials/{c.material.pk}/delete/",
        managers(302),
        method="post",
        setup=_material(MaterialVisibility.ORGANIZATION),
    ),
    "mentoring:material_file": Entry(
        lambda c: f"/materials/{c.material.pk}/file/",
        {**everyone(200), "specialist": 404, "other_methodist": 404},
        setup=_material(MaterialVisibility.ORGANIZATION),
    ),
    # --- honour board ---
    "mentoring:honour_board": Entry(lambda c: "/honour-board/", staff_list()),
    "mentoring:award_create": Entry(
        lambda c: "/honour-board/awards/new/", managers(200, other_methodist=200)
    ),
    "mentoring:award_delete": Entry(
        lambda c: f"/honour-board/awards/{c.award.pk}/delete/",
        managers(302),
        method="post",
        setup=_award,
    ),
    "mentoring:portrait_upload": Entry(
        lambda c: "/honour-board/photos/new/", managers(200, other_methodist=200)
    ),
    "mentoring:portrait": Entry(
        lambda c: f"/honour-board/photos/{c.mentor_card.pk}/", staff_only(200), setup=_portrait
    ),
    # --- public files: anybody, while published ---
    "mentoring:public_file_attachment": Entry(
        lambda c: f"/public/files/{c.practice.attachments.get().pk}/",
        everyone(200, anonymous=200),
        setup=_practice("published"),
    ),
    "mentoring:public_file_news_picture": Entry(
        lambda c: f"/public/news/{c.news.pk}/picture/",
        everyone(200, anonymous=200),
        setup=lambda c: _news(c, published=True),
    ),
    "mentoring:public_file_material": Entry(
        lambda c: f"/public/materials/{c.material.pk}/",
        everyone(200, anonymous=200),
        setup=_material(MaterialVisibility.PUBLIC),
    ),
    "mentoring:public_file_portrait": Entry(
        lambda c: f"/public/honour-board/{c.mentor_card.pk}/photo/",
        everyone(200, anonymous=200),
        setup=_portrait,
    ),
    # --- notifications: each user their own ---
    "mentoring:notification_list": Entry(lambda c: "/notifications/", everyone(200)),
    "mentoring:notification_read": Entry(
        lambda c: f"/notifications/{c.notification.pk}/read/",
        {**everyone(404), "director": 302, "anonymous": LOGIN},
        method="post",
        setup=_notification,
    ),
    "mentoring:notification_read_all": Entry(
        lambda c: "/notifications/read-all/", everyone(302), method="post"
    ),
    "mentoring:notification_settings": Entry(lambda c: "/notifications/settings/", everyone(200)),
}
