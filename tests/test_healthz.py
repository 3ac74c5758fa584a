import pytest

from tests.utils import database_down


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with database_down():
        response = client.get("/healthz")

    assert response.status_code == 503


@pytest.mark.django_db
def test_healthz_is_exempt_from_the_https_redirect_and_host_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["www.example.org"]

    # A load balancer probes over plain HTTP, by IP address.
    assert client.get("/healthz", HTTP_HOST="10.0.0.7").status_code == 200


@pytest.mark.django_db
def test_livez_answers_ok_while_the_database_is_down(client, django_assert_num_queries):
    # Varnish probes it: an app server with the database down still serves
    # stale pages and the donate page's stored copy, so it stays in rotation.
    with database_down(), django_assert_num_queries(0):
        response = client.get("/livez", HTTP_HOST="10.0.0.7")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
