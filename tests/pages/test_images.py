from wagtail.images import get_image_model

import pytest

from pages.models import CustomImage
from tests.factories.pages import CustomImageFactory

pytestmark = pytest.mark.django_db


def test_the_site_uses_the_custom_image_model():
    assert get_image_model() is CustomImage


def test_image_keeps_credit_licence_and_default_alt_text():
    image = CustomImageFactory(
        title="IMG_2041",
        description="A nurse talking with a patient",
        credit="Photo: Jane Smith",
        licence="Owned by the charity",
    )

    assert image.default_alt_text == "A nurse talking with a patient"
    assert image.credit == "Photo: Jane Smith"
    assert image.licence == "Owned by the charity"


def test_image_without_alt_text_falls_back_to_its_title():
    assert (
        CustomImageFactory(title="Brain scan", description="").default_alt_text
        == "Brain scan"
    )


def test_editors_see_credit_and_licence_in_the_image_form():
    assert {"description", "credit", "licence"} <= set(CustomImage.admin_form_fields)
