"""Oversized bodies and stray uploads are refused before they are read."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import ClientHandler

import pytest
from PIL import Image

from pages.models import CustomImage, PageFeedback

pytestmark = pytest.mark.django_db

TWENTY_MB = 20 * 1024 * 1024


class CountingInput(io.RawIOBase):
    """A request body that says how much of it was read, and never ends."""

    def __init__(self):
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        self.read_bytes += len(buffer)
        buffer[:] = b"x" * len(buffer)
        return len(buffer)


def post_unread(path, content_type, length=TWENTY_MB):
    """POST through the whole stack with a body that counts what is read."""
    body = CountingInput()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "203.0.113.7",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(length),
        "HTTP_COOKIE": "csrftoken=" + "a" * 32,
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
    }
    # The test client's handler: the real middleware and views, CSRF checks on.
    response = ClientHandler(enforce_csrf_checks=True)(environ)
    return response.status_code, body.read_bytes


MULTIPART = "multipart/form-data; boundary=----x"


@pytest.mark.parametrize(
    "path", ["/feedback/", "/donations/seen/", "/", "/search/", "/no-such-page/"]
)
def test_a_20_mb_file_posted_outside_the_admin_is_refused_unread(path, home_page):
    status, read = post_unread(path, MULTIPART)

    assert status == 413
    assert read == 0


@pytest.mark.parametrize("path", ["/feedback/", "/donations/seen/"])
def test_any_file_field_outside_the_admin_is_refused_unread(path, home_page):
    status, read = post_unread(path, MULTIPART, length=2_000)

    assert status == 400
    assert read == 0
    assert not PageFeedback.objects.exists()


def test_a_huge_form_body_is_refused_unread(home_page):
    status, read = post_unread(
        "/feedback/", "application/x-www-form-urlencoded", length=TWENTY_MB
    )

    assert (status, read) == (413, 0)


def test_the_admin_refuses_bodies_over_one_upload_unread(home_page, settings):
    status, read = post_unread(
        "/admin/images/add/", MULTIPART, length=settings.ADMIN_MAX_REQUEST_BYTES + 1
    )

    assert (status, read) == (413, 0)


def test_refusals_say_what_happened(client, home_page):
    response = client.post(
        "/feedback/",
        {"page": "1", "helpful": "yes", "file": SimpleUploadedFile("a.txt", b"a")},
    )

    assert response.status_code == 400
    assert response.content == b"This address does not take file uploads.\n"


def png(width: int, height: int) -> SimpleUploadedFile:
    """A real PNG of that many pixels (one bit each, so it stays small)."""
    data = io.BytesIO()
    Image.new("1", (width, height)).save(data, "PNG")
    return SimpleUploadedFile("photo.png", data.getvalue(), "image/png")


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(user)
    return client


def test_a_121_megapixel_image_gets_a_clear_error_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/images/add/", {"title": "Huge", "file": png(11_000, 11_000)}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "This image is too big: 121000000 pixels" in html
    assert "Save a smaller copy" in html
    assert not CustomImage.objects.exists()


def test_a_48_megapixel_phone_photo_is_accepted(admin_client):
    response = admin_client.post(
        "/admin/images/add/", {"title": "Phone", "file": png(8_000, 6_000)}
    )

    assert response.status_code == 302
    assert CustomImage.objects.get().width == 8_000
