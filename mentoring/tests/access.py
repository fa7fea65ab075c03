"""Access table of the mentoring app's pages (see test_access_sweep.py).

Each entry: how to build the request for the fixed cast, and the expected
answer per role. ``LOGIN`` means a redirect to the login page.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _with_logo(cast):
    cast.school.logo.save("logo.png", SimpleUploadedFile("logo.png", PNG_1PX), save=True)


ACCESS = {
    "healthz": Entry(lambda c: "/healthz", everyone(200, anonymous=200)),
    "mentoring:home": Entry(lambda c: "/", everyone(200)),
    "mentoring:switch_organization": Entry(
        lambda c: "/switch-organization/",
        {
            **everyone(302),
            "specialist": 404,
            "other_methodist": 404,
        },
        method="post",
        data=lambda c: {"organization": c.school.pk},
    ),
    "mentoring:organization_list": Entry(
        lambda c: "/organizations/",
        {**everyone(403), "specialist": 200},
    ),
    "mentoring:organization_detail": Entry(
        lambda c: f"/organizations/{c.school.slug}/",
        {**staff_only(200), "specialist": 200, "other_methodist": 404},
    ),
    "mentoring:organization_edit": Entry(
        lambda c: f"/organizations/{c.school.slug}/edit/",
        {**everyone(403), "director": 200, "coordinator": 200},
    ),
    "mentoring:organization_logo": Entry(
        lambda c: f"/o/{c.school.slug}/logo/",
        everyone(200, anonymous=200),
        setup=_with_logo,
    ),
    # Django's accounts pages.
    "login": Entry(lambda c: "/accounts/login/", everyone(302, anonymous=200)),
    "logout": Entry(lambda c: "/accounts/logout/", everyone(302, anonymous=302), method="post"),
    "password_change": Entry(lambda c: "/accounts/password_change/", everyone(200)),
    "password_change_done": Entry(lambda c: "/accounts/password_change/done/", everyone(200)),
    "password_reset": Entry(lambda c: "/accounts/password_reset/", everyone(200, anonymous=200)),
    "password_reset_done": Entry(
        lambda c: "/accounts/password_reset/done/", everyone(200, anonymous=200)
    ),
    "password_reset_confirm": Entry(
        lambda c: "/accounts/reset/MQ/set-password/", everyone(200, anonymous=200)
    ),
    "password_reset_complete": Entry(
        lambda c: "/accounts/reset/done/", everyone(200, anonymous=200)
    ),
}

__all__ = ["ACCESS", "LOGIN"]
