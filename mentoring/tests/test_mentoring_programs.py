"""The mentoring programme form explains what is missing before it can be filled."""


def test_programme_form_without_any_form_of_mentoring_says_what_to_do_first(cast, client_for):
    from mentoring.models import MentoringForm

    MentoringForm.objects.filter(organization=cast.school).delete()
    response = client_for(cast.methodist).post(
        "/mentoring-programs/",
        {
            "title": "П",
            "starts_on": "2026-09-01",
            "ends_on": "2027-05-31",
            "participants_planned": 5,
        },
    )
    assert response.status_code == 200
    assert "ещё нет форм наставничества" in response.text
