"""The methodical library: categories, files and links, visibility inside
the organisation, the department, or public."""

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import Material, MaterialVisibility
from mentoring.services import activities as services
from mentoring.tests import activity_data as data

V = MaterialVisibility


@pytest.fixture
def library(cast):
    return {v: data.material(cast, v) for v in V}


def test_every_member_of_the_organisation_reads_all_its_materials(cast, client_for, library):
    for user in (cast.director, cast.mentor, cast.mentee):
        page = client_for(user).get("/materials/")
        assert all(m.title in page.text for m in library.values())


def test_another_organisation_of_the_department_sees_shared_ones_only(cast, client_for, library):
    page = client_for(cast.other_methodist).get("/materials/")
    assert library[V.DEPARTMENT].title in page.text and library[V.PUBLIC].title in page.text
    assert library[V.ORGANIZATION].title not in page.text
    client = client_for(cast.other_methodist)
    assert client.get(f"/materials/{library[V.ORGANIZATION].pk}/file/").status_code == 404
    assert client.get(f"/materials/{library[V.DEPARTMENT].pk}/file/").status_code == 200


def test_the_specialist_sees_what_organisations_share_with_the_department(
    cast, client_for, library
):
    page = client_for(cast.specialist).get("/materials/")
    assert library[V.DEPARTMENT].title in page.text
    assert library[V.ORGANIZATION].title not in page.text


def test_public_for_lists_only_public_materials(cast, library):
    assert list(Material.objects.public_for(cast.school)) == [library[V.PUBLIC]]


def test_public_file_only_for_public_materials(cast, client, library):
    assert client.get(f"/public/materials/{library[V.PUBLIC].pk}/").status_code == 200
    assert client.get(f"/public/materials/{library[V.DEPARTMENT].pk}/").status_code == 404
    assert client.get(f"/public/materials/{library[V.ORGANIZATION].pk}/").status_code == 404


def test_a_link_instead_of_a_file(cast, client_for):
    category = services.material_category_create(
        organization=cast.school, name="Ссылки", by=cast.methodist
    )
    response = client_for(cast.methodist).post(
        "/materials/new/",
        {
            "category": category.pk,
            "title": "Методические рекомендации",
            "url": "https://example.org/r145",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    assert Material.objects.get().url == "https://example.org/r145"


def test_neither_file_nor_link_is_refused(cast):
    category = services.material_category_create(
        organization=cast.school, name="Пусто", by=cast.methodist
    )
    with pytest.raises(ValidationError, match="файл или укажите ссылку"):
        services.material_save(
            organization=cast.school, data={"category": category, "title": "Т"}, by=cast.methodist
        )


def test_office_documents_are_accepted(cast):
    material = data.material(cast, upload=data.docx("План работы.docx"))
    assert material.file.name.endswith(".docx") and material.file_name == "План работы.docx"


def test_duplicate_category_is_refused(cast):
    services.material_category_create(organization=cast.school, name="Шаблоны", by=cast.methodist)
    with pytest.raises(ValidationError):
        services.material_category_create(
            organization=cast.school, name="шаблоны", by=cast.methodist
        )


@pytest.mark.parametrize("rows", [5, 50])
def test_material_list_query_count_does_not_grow(
    cast, client_for, rows, django_assert_max_num_queries
):
    for i in range(rows):
        data.material(cast, V.PUBLIC if i % 2 else V.ORGANIZATION)
    client = client_for(cast.mentor)
    with django_assert_max_num_queries(10):
        assert client.get("/materials/").status_code == 200
