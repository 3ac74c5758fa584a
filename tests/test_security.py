import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def parse_csp(header: str) -> dict[str, list[str]]:
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in header.split(";")
        if directive.strip()
    }


def test_home_page_sends_security_headers(client, home_page):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts)[1]) >= 31_536_000
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "Access-Control-Allow-Origin" not in response


def test_content_security_policy_allows_no_inline_code(client, home_page):
    csp = parse_csp(client.get("/", secure=True)["Content-Security-Policy"])

    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert not any("nonce-" in value for values in csp.values() for value in values)


def test_pages_carry_no_inline_script_or_style(client, home_page):
    html = client.get("/").content.decode()

    # JSON-LD blocks are data, not code, and CSP does not apply to them.
    assert not re.search(
        r'<script(?![^>]*(\bsrc=|type="application/ld\+json"))[^>]*>', html
    )
    assert "<style" not in html
    assert " style=" not in html


def test_public_pages_set_no_cookie_and_no_csrf_token(client, home_page):
    # Anonymous pages must be identical for everyone so they can be cached.
    response = client.get("/")

    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    # ...while an editor's copy (with the Wagtail userbar) is keyed apart.
    assert "Cookie" in response["Vary"]


def test_plain_http_redirects_to_https(client, settings, home_page):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_non_production_hosts_are_not_indexed(client, settings, home_page):
    settings.PRODUCTION_HOST = "www.example.org"
    settings.ALLOWED_HOSTS = ["www.example.org", "staging.example.org"]

    staging = client.get("/", HTTP_HOST="staging.example.org")
    production = client.get("/", HTTP_HOST="www.example.org")

    assert staging["X-Robots-Tag"] == "noindex, nofollow"
    assert "X-Robots-Tag" not in production


def test_no_production_host_means_noindex_everywhere(client, settings, home_page):
    settings.PRODUCTION_HOST = ""

    assert client.get("/")["X-Robots-Tag"] == "noindex, nofollow"


def production_env(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The deploy check reports async.E001 when this is set (tests/conftest.py).
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ms_portal.settings.production",
        SECRET_KEY="a-long-random-production-key-" + "x" * 40,
        ALLOWED_HOSTS="www.example.org",
        DATABASE_URL=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1/ms_portal"
        ),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    result = run_manage("check", env=production_env(**{missing: None}))

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env()
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_uses_redis_when_redis_url_is_set():
    code = (
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    )
    with_redis = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=production_env(REDIS_URL="redis://127.0.0.1:6379/1"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert with_redis.stdout.strip() == "django_redis.cache.RedisCache", (
        with_redis.stderr
    )


def test_production_static_files_are_compressed_and_fingerprinted(tmp_path):
    result = run_manage(
        "collectstatic",
        "--noinput",
        env=production_env(STATIC_ROOT=str(tmp_path)),
    )

    assert result.returncode == 0, result.stderr
    css = {path.name for path in (tmp_path / "css").iterdir()}
    fingerprinted = {
        name for name in css if re.fullmatch(r"main\.[0-9a-f]{12}\.css", name)
    }
    assert fingerprinted
    assert {f"{name}.gz" for name in fingerprinted} <= css
