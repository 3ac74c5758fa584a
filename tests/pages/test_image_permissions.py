from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

from tests.factories.pages import CustomImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("eddie", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_editors_can_upload_images(client, editor):
    assert client.get("/admin/images/add/").status_code == 200


def test_editors_can_choose_images_in_choosers(client, editor):
    CustomImageFactory(title="Nurse and patient")

    response = client.get("/admin/images/chooser/")

    assert response.status_code == 200
    assert "Nurse and patient" in response.json()["html"]
