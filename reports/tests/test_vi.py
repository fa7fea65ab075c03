"""Settings of the version for the visually impaired (reports/vi.py, ГОСТ Р
52872-2019): font size, colour scheme, images, letter spacing; remembered in a
cookie, applied without JavaScript, cached per setting."""

from django.core.files.base import ContentFile

from reports import vi

from .access import PUBLIC
from .test_public import section  # noqa: F401 - the fixture


def html_class(content):
    return content.split("<html", 1)[1].split(">", 1)[0]


def test_settings_are_stored_in_a_cookie_and_merged(client, section):  # noqa: F811
    response = client.get(PUBLIC + "rezhim/?on=1&size=3&next=" + PUBLIC + "novosti/")
    assert response["Location"] == PUBLIC + "novosti/"
    assert response.cookies["vi"].value == "1"
    assert response.cookies[vi.PREFS_COOKIE].value == "3-bw-off-1"
    response = client.get(PUBLIC + "rezhim/?on=1&scheme=blue&spacing=2&images=on")
    # The size chosen before is kept.
    assert response.cookies[vi.PREFS_COOKIE].value == "3-blue-on-2"


def test_page_carries_the_settings_as_classes(client, section):  # noqa: F811
    client.cookies["vi"] = "1"
    client.cookies[vi.PREFS_COOKIE] = "2-wb-off-3"
    content = client.get(PUBLIC).content.decode()
    assert (
        html_class(content)
        == ' lang="ru" class="vi-size-2 vi-scheme-wb vi-images-off vi-spacing-3"'
    )
    # The panel offers every setting, the current one marked.
    for label in ("Размер шрифта", "Цвет", "Изображения", "Межбуквенный интервал"):
        assert label in content
    assert 'vi-option-scheme-wb active" href="' in content
    assert "Тёмно-синим по голубому" in content


def test_a_tampered_cookie_falls_back_to_the_defaults(client, section):  # noqa: F811
    client.cookies["vi"] = "1"
    client.cookies[vi.PREFS_COOKIE] = "9-red-maybe-<script>"
    content = client.get(PUBLIC).content.decode()
    assert (
        html_class(content)
        == ' lang="ru" class="vi-size-1 vi-scheme-bw vi-images-off vi-spacing-1"'
    )


def test_images_are_shown_only_when_turned_on(client, section):  # noqa: F811
    news = section["news"]
    news.picture.save("p.png", ContentFile(b"\x89PNG"), save=True)
    url = PUBLIC + f"novosti/{news.pk}/"
    client.cookies["vi"] = "1"
    assert "<img" not in client.get(url).content.decode()
    client.cookies[vi.PREFS_COOKIE] = "1-bw-on-1"
    assert "<img" in client.get(url).content.decode()


def test_the_normal_version_has_no_settings(client, section):  # noqa: F811
    content = client.get(PUBLIC).content.decode()
    assert "vi-size" not in content and "Размер шрифта" not in content
