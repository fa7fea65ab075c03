"""Access table of the surveys pages (see mentoring/tests/test_access_sweep.py).

Staff read surveys, campaigns and results; the coordinator and methodist
build, send and remind; mentors and mentees see "Мои анкеты"; the specialist
gets 403; another organisation's methodist 404. The personal link and the
public application need no login.
"""

from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only

from .helpers import deadline, person, send, survey_with


def managers_only(code=200):
    expected = staff_only(code)
    expected["director"] = 403
    return expected


def own_list(code=200):
    """A list of the current organisation: the other methodist sees theirs."""
    return staff_only(code) | {"other_methodist": code}


def survey(c):
    return survey_with(c.school, [{"kind": "scale", "text": "Комфорт"}])


def question(c):
    return survey(c)[1][0]


def section(c):
    return question(c).section


def campaign(c):
    s, _ = survey(c)
    me = person(c.school, user=c.mentor, is_mentor=True, mentor_status="approved")
    return send(s, [me])


def token(c):
    _camp, tokens = campaign(c)
    return next(iter(tokens.values()))


ACCESS = {
    "surveys:survey_list": Entry(lambda c: "/surveys/", own_list()),
    "surveys:survey_create": Entry(
        lambda c: "/surveys/new/", managers_only() | {"other_methodist": 200}
    ),
    "surveys:survey_from_template": Entry(
        lambda c: "/surveys/from-template/",
        managers_only(302) | {"other_methodist": 302},
        method="post",
        data=lambda c: {"template": "satisfaction"},
    ),
    "surveys:survey_detail": Entry(lambda c: f"/surveys/{survey(c)[0].pk}/", staff_only()),
    "surveys:survey_edit": Entry(lambda c: f"/surveys/{survey(c)[0].pk}/edit/", managers_only()),
    "surveys:survey_preview": Entry(lambda c: f"/surveys/{survey(c)[0].pk}/preview/", staff_only()),
    "surveys:survey_change": Entry(lambda c: f"/surveys/{survey(c)[0].pk}/change/", staff_only()),
    "surveys:question_add": Entry(
        lambda c: f"/surveys/{survey(c)[0].pk}/questions/new/", managers_only()
    ),
    "surveys:section_add": Entry(
        lambda c: f"/surveys/{survey(c)[0].pk}/sections/new/", managers_only()
    ),
    "surveys:campaign_create": Entry(
        lambda c: f"/surveys/{survey(c)[0].pk}/send/", managers_only()
    ),
    "surveys:question_edit": Entry(
        lambda c: f"/surveys/questions/{question(c).pk}/edit/", managers_only()
    ),
    "surveys:question_delete": Entry(
        lambda c: f"/surveys/questions/{question(c).pk}/delete/", managers_only(302), method="post"
    ),
    "surveys:question_move": Entry(
        lambda c: f"/surveys/questions/{question(c).pk}/move/",
        managers_only(302),
        method="post",
        data=lambda c: {"direction": "up"},
    ),
    "surveys:section_edit": Entry(
        lambda c: f"/surveys/sections/{section(c).pk}/edit/", managers_only()
    ),
    "surveys:section_delete": Entry(
        lambda c: f"/surveys/sections/{section(c).pk}/delete/", managers_only(302), method="post"
    ),
    "surveys:section_move": Entry(
        lambda c: f"/surveys/sections/{section(c).pk}/move/",
        managers_only(302),
        method="post",
        data=lambda c: {"direction": "down"},
    ),
    "surveys:questions_reorder": Entry(
        lambda c: f"/surveys/sections/{section(c).pk}/reorder/", managers_only(400), method="post"
    ),
    "surveys:campaign_list": Entry(lambda c: "/surveys/campaigns/", own_list()),
    "surveys:campaign_detail": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/", staff_only()
    ),
    "surveys:campaign_progress": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/progress/", staff_only()
    ),
    "surveys:campaign_results": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/results/", staff_only()
    ),
    "surveys:campaign_export": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/results.xlsx", staff_only()
    ),
    "surveys:campaign_compare": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/compare/", staff_only()
    ),
    "surveys:campaign_remind": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/remind/",
        managers_only(302),
        method="post",
    ),
    "surveys:campaign_close": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/close/",
        managers_only(302),
        method="post",
    ),
    "surveys:campaign_extend": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/extend/",
        managers_only(302),
        method="post",
        data=lambda c: {"deadline": deadline(30).isoformat()},
    ),
    "surveys:invitation_link": Entry(
        lambda c: f"/surveys/invitations/{campaign(c)[0].invitations.get().pk}/link/",
        managers_only(302),
        method="post",
    ),
    "surveys:campaign_slips": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/slips.pdf",
        managers_only(200),
        method="post",
    ),
    "surveys:campaign_links_xlsx": Entry(
        lambda c: f"/surveys/campaigns/{campaign(c)[0].pk}/links.xlsx",
        managers_only(200),
        method="post",
    ),
    "surveys:my_surveys": Entry(
        lambda c: "/surveys/my/", everyone(403) | {"mentor": 200, "mentee": 200}
    ),
    "surveys:my_survey_open": Entry(
        lambda c: f"/surveys/my/{campaign(c)[0].invitations.get().pk}/open/",
        everyone(403) | {"mentor": 302, "mentee": 404},
        method="post",
    ),
    # Public: the personal link and the application form, no login.
    "surveys:respond": Entry(lambda c: f"/surveys/a/{token(c)}/", everyone(200, anonymous=200)),
    "reports:apply": Entry(
        lambda c: f"/o/{c.school.slug}/nastavnichestvo/stat-nastavnikom/",
        everyone(200, anonymous=200),
    ),
}

__all__ = ["ACCESS", "LOGIN"]
