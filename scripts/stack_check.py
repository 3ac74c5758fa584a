"""make stack-check: prove that the stack `make stack` started holds up.

Against Varnish and the two app instances (scripts/stack.sh), it prints one
PASS or FAIL line per check and exits 1 if any failed:

1. a PURGE from an address that is not an app server is refused, and one
   from an app server's address is obeyed;
2. an edit published through instance A's admin (a moderator signs in to A
   over HTTP and publishes the draft; A purges Varnish from its own address)
   is what the next anonymous request through Varnish shows, and both
   instances' own page caches (shared Redis) have it too;
3. with instance B killed, every request through Varnish still succeeds;
4. with the database stopped (a throwaway cluster made for the drill, never
   the shared server), cached pages and the donate page are served with 200,
   a donate click still reaches the payment provider, and the click is
   stored once the database is back (`replay_donation_clicks`);
5. copies Varnish took before checks 3 and 4, by then past `s-maxage` and
   `stale-while-revalidate`, are served (STALE, 200) with both instances
   killed: at once, before the probes notice, and once both are marked sick.

The stack is put back as it was at the end, and the cluster dropped.
"""

import json
import os
import re
import subprocess
import sys
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DIR = ROOT / "var" / "stack"
STACK = str(ROOT / "scripts" / "stack.sh")
THROWAWAY = str(ROOT / "scripts" / "throwaway-postgres.sh")
VARNISH = os.environ.get("STACK_VARNISH", "127.0.0.1:8720")
VARNISH_ADMIN = os.environ.get("STACK_VARNISH_ADMIN", "127.0.0.1:8729")
APP_A = os.environ.get("STACK_APP_A", "127.0.0.11:8721")
APP_B = os.environ.get("STACK_APP_B", "127.0.0.12:8722")
DRILL_CLUSTER = os.environ.get("STACK_DRILL_CLUSTER", "stackdrill")
DRILL_PORT = os.environ.get("STACK_DRILL_PORT", "25421")
PROVIDER_HOST = "donate.example.org"

failures = 0


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def report(ok: bool, what: str, detail: str = "") -> bool:
    global failures
    failures += not ok
    say(f"{'PASS' if ok else 'FAIL'}  {what}" + (f"  ({detail})" if detail else ""))
    return ok


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def request(address, path, method="GET", source=None) -> Response:
    host, port = address.rsplit(":", 1)
    connection = HTTPConnection(
        host, int(port), timeout=15, source_address=(source, 0) if source else None
    )
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Response(response.status, headers, response.read())
    except OSError as error:
        return Response(0, {}, str(error).encode())
    finally:
        connection.close()


def host_of(address: str) -> str:
    return address.rsplit(":", 1)[0]


def stack_env(database=None) -> dict:
    env = dict(os.environ)
    for line in (DIR / "env").read_text().splitlines():
        name, _, value = line.partition("=")
        env[name] = value
    if database:
        env["DATABASE_URL"] = database
    # As instance A would: its purges leave from its own address.
    env["FRONTEND_CACHE_SOURCE_ADDRESS"] = host_of(APP_A)
    return env


def manage(*args, database=None) -> str:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=stack_env(database),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed: {result.stderr.strip()}")
    return result.stdout


def shell(code: str, database=None):
    """Run Python with the stack's settings; the last line printed is JSON."""
    return json.loads(manage("shell", "-c", code, database=database).splitlines()[-1])


def stack(*args) -> None:
    subprocess.run([STACK, *args], check=True, stdout=subprocess.DEVNULL)


def backend_health() -> str:
    result = subprocess.run(
        ["varnishadm", "-T", VARNISH_ADMIN, "-S", str(DIR / "varnish.secret")]
        + ["backend.list"],
        capture_output=True,
        text=True,
    )
    return result.stdout


def wait_for_backend(name: str, state: str, seconds: float = 20) -> bool:
    """Whether Varnish's probe calls backend `name` healthy or sick in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if re.search(rf"\.{name}\s.*\s{state}\b", backend_health()):
            return True
        time.sleep(0.5)
    return False


ARTICLE = """
import json
from pages.models import ArticlePage, StandardPage
page = ArticlePage.objects.live().order_by("path").first()
others = [p.url for p in StandardPage.objects.live().public().order_by("path")[:2]]
print(json.dumps({"pk": page.pk, "url": page.url, "title": page.title,
                  "hub": page.get_parent().url, "others": others}))
"""

PUBLISH_TITLE = """
import json
from pages.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
page.save_revision().publish()
print(json.dumps(page.title))
"""

# A draft with the new title, and a moderator (who may publish without a
# second factor) with a fresh password to publish it through instance A.
DRAFT_AND_MODERATOR = """
import json, secrets
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from pages.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
page.title = {title!r}
page.save_revision()
user, _ = get_user_model().objects.get_or_create(username="stack-check")
password = secrets.token_urlsafe(16)
user.set_password(password)
user.is_active = True
user.save()
user.groups.set([Group.objects.get(name="Moderators")])
print(json.dumps(password))
"""

CLICKS = """
import json
from donations.models import DonationClick
print(json.dumps(DonationClick.objects.count()))
"""


class AdminSession:
    """A browser's part in the admin, over plain HTTP: cookies and CSRF.

    Production settings mark the cookies Secure, which a client would keep to
    HTTPS; the stack serves plain HTTP on loopback, so they are sent by hand."""

    def __init__(self, address: str):
        self.address, self.cookies = address, {}

    def send(self, path: str, method: str = "GET", form: dict | None = None):
        host, port = self.address.rsplit(":", 1)
        connection = HTTPConnection(host, int(port), timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = SimpleCookie(value)
                    self.cookies.update({k: m.value for k, m in cookie.items()})
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Response(response.status, headers, response.read())
        finally:
            connection.close()

    def submit(self, path: str, fields: dict) -> Response:
        """Load the form at `path`, then post it back with its CSRF token."""
        form = self.send(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        csrf = token.group(1).decode() if token else ""
        return self.send(path, "POST", {"csrfmiddlewaretoken": csrf, **fields})


def publish_through(address: str, pk: int, title: str) -> Response:
    """A moderator signs in to one instance's admin and publishes the draft
    titled `title`, as an editor would (the page listing's Publish action)."""
    password = shell(DRAFT_AND_MODERATOR.format(pk=pk, title=title))
    admin = AdminSession(address)
    signed_in = admin.submit(
        "/admin/login/", {"username": "stack-check", "password": password}
    )
    if signed_in.status != 302:
        return signed_in
    return admin.submit(f"/admin/bulk/wagtailcore/page/publish/?id={pk}", {})


def check_purge_acl(article_url: str) -> None:
    request(VARNISH, article_url)
    outsider = request(VARNISH, article_url, "PURGE", source="127.0.0.1")
    still = request(VARNISH, article_url)
    report(
        outsider.status == 403 and still.header("X-Varnish-Cache") == "HIT",
        "a PURGE from 127.0.0.1 (not an app server) is refused",
        f"{outsider.status}, then {still.header('X-Varnish-Cache')}",
    )
    insider = request(VARNISH, article_url, "PURGE", source=host_of(APP_A))
    after = request(VARNISH, article_url)
    report(
        insider.status == 200 and after.header("X-Varnish-Cache") == "MISS",
        f"a PURGE from app server A's address ({host_of(APP_A)}) is obeyed",
        f"{insider.status}, then {after.header('X-Varnish-Cache')}",
    )


def check_publish(article: dict) -> None:
    url, hub = article["url"], article["hub"]
    for address in (VARNISH, VARNISH, APP_A, APP_B, APP_B):
        request(address, url)
    request(VARNISH, hub)
    warm = request(VARNISH, url).header("X-Varnish-Cache")
    warm_b = request(APP_B, url).header("X-Cache")
    marker = f"{article['title']} (checked {time.strftime('%H:%M:%S')})"
    published = publish_through(APP_A, article["pk"], marker)
    try:
        seen = request(VARNISH, url)
        report(
            published.status == 302 and warm == "HIT" and marker.encode() in seen.body,
            "an edit published in instance A's admin is what the next request "
            "through Varnish shows",
            f"A's admin answered {published.status}; the cached copy was a "
            f"{warm}; now {seen.header('X-Varnish-Cache')}",
        )
        listing = request(VARNISH, hub)
        report(
            marker.encode() in listing.body,
            "the hub listing the article shows the edit through Varnish too",
        )
        on_b = request(APP_B, url)
        report(
            warm_b == "HIT" and marker.encode() in on_b.body,
            "instance B's own page cache was invalidated",
            f"B's old copy was a {warm_b}; B now answers with the edit "
            f"(X-Cache {on_b.header('X-Cache')})",
        )
        on_a = request(APP_A, url)
        report(marker.encode() in on_a.body, "instance A's own page cache was too")
    finally:
        shell(PUBLISH_TITLE.format(pk=article["pk"], title=article["title"]))


def check_instance_down(article: dict) -> None:
    stack("app-kill", "b")
    try:
        paths = [
            "/",
            article["url"],
            article["hub"],
            "/research/",
            "/donate/",
            "/static/css/print.css",
        ]
        # Uncached ones too, so Varnish must fetch (and finds B gone).
        paths += [f"/search/?q=fatigue+{n}" for n in range(12)]
        paths += [f"/research/?status=recruiting&sort=title&page={n}" for n in (1, 2)]
        statuses = [request(VARNISH, path).status for path in paths * 2]
        bad = [s for s in statuses if not 200 <= s < 400]
        report(
            not bad,
            "with instance B killed, every request through Varnish succeeds",
            f"{len(statuses) - len(bad)} of {len(statuses)} answered 2xx/3xx",
        )
        report(wait_for_backend("app_b", "sick"), "Varnish's probe marks B sick")
    finally:
        stack("app-start", "b")
        report(
            wait_for_backend("app_b", "healthy"), "B, restarted, is back in rotation"
        )


def seconds_in(cache_control: str, directive: str) -> int:
    match = re.search(rf"{directive}=(\d+)", cache_control)
    return int(match.group(1)) if match else 0


def take_fresh_copies(paths) -> float:
    """Fresh copies in Varnish of `paths`; when they stop being served fresh."""
    for path in paths:
        request(VARNISH, path, "PURGE", source=host_of(APP_A))
    fetched = time.monotonic()
    cache_control = request(VARNISH, paths[0]).header("Cache-Control")
    for path in paths[1:]:
        request(VARNISH, path)
    return (
        fetched
        + seconds_in(cache_control, "s-maxage")
        + seconds_in(cache_control, "stale-while-revalidate")
    )


def check_expired_copies(paths, expired_at: float) -> None:
    wait = expired_at + 5 - time.monotonic()
    if wait > 0:
        say(f"      (waiting {wait:.0f} s for the copies to pass s-maxage and swr)")
        time.sleep(wait)
    stack("app-kill", "a")
    stack("app-kill", "b")
    try:
        at_once = request(VARNISH, paths[0])
        both_sick = wait_for_backend("app_a", "sick") and wait_for_backend(
            "app_b", "sick"
        )
        later = request(VARNISH, paths[1])
        report(
            all(
                r.status == 200 and r.header("X-Varnish-Cache") == "STALE"
                for r in (at_once, later)
            )
            and both_sick,
            "with both instances killed, copies past s-maxage and swr are served",
            f"{paths[0]} {at_once.status} {at_once.header('X-Varnish-Cache')} "
            f"aged {at_once.header('Age')} s right after the kill; {paths[1]} "
            f"{later.status} {later.header('X-Varnish-Cache')} with both sick",
        )
    finally:
        stack("app-start", "a")
        stack("app-start", "b")
        wait_for_backend("app_a", "healthy")
        wait_for_backend("app_b", "healthy")


def donate_click_path(home_html: bytes):
    match = re.search(rb'href="(/donations/go/[^"]+)"', home_html)
    return match and match.group(1).decode()


def give(location: str) -> Response:
    """Choose £25 on the donate page the click led to, as a donor would."""
    query = urlsplit(location).query
    carried = "&".join(p for p in query.split("&") if p.split("=")[0] in {"cta", "ref"})
    return request(
        VARNISH,
        f"/donate/give/?frequency=one-off&amount=25&gift_aid=no&{carried}",
    )


def check_database_down(article: dict) -> None:
    drill = subprocess.run(
        [THROWAWAY, "create", DRILL_CLUSTER, DRILL_PORT],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        env = stack_env()
        dump = subprocess.run(
            ["pg_dump", "--no-owner", env["DATABASE_URL"]],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", drill],
            input=dump,
            check=True,
            capture_output=True,
        )
        for name in ("app-a", "app-b", "writer"):
            stack("app-stop", name)
        for name in ("a", "b", "writer"):
            stack("app-start", name, drill)
        pages = ["/", article["url"], article["hub"], "/research/", "/donate/"]
        for path in pages * 2:
            request(VARNISH, path)
        home = request(VARNISH, "/").body
        click = donate_click_path(home)
        before = shell(CLICKS, database=drill)

        subprocess.run([THROWAWAY, "stop", DRILL_CLUSTER], check=True)
        health = request(APP_A, "/healthz").status
        report(health == 503, "the database is down (/healthz on A answers 503)")
        answers = {path: request(VARNISH, path) for path in pages}
        report(
            all(r.status == 200 for r in answers.values()),
            "with the database down, cached pages and the donate page answer 200",
            ", ".join(
                f"{p} {r.status} {r.header('X-Varnish-Cache')}"
                for p, r in answers.items()
            ),
        )
        clicked = request(VARNISH, click) if click else Response(0, {}, b"")
        landing = clicked.header("Location")
        donate_page = request(VARNISH, landing) if landing else Response(0, {}, b"")
        handoff = give(landing) if landing else Response(0, {}, b"")
        report(
            clicked.status == 302
            and donate_page.status == 200
            and handoff.status == 302
            and urlsplit(handoff.header("Location")).hostname == PROVIDER_HOST,
            "a donate click, then the donate form, reach the payment provider",
            f"click {clicked.status}, donate page {donate_page.status}, "
            f"give {handoff.status} to {urlsplit(handoff.header('Location')).hostname}",
        )

        subprocess.run([THROWAWAY, "start", DRILL_CLUSTER], check=True)
        replay = manage("replay_donation_clicks", database=drill).strip()
        after = shell(CLICKS, database=drill)
        report(
            after >= before + 1,
            "the click is stored once the database is back",
            f"{before} click rows before, {after} after; {replay.splitlines()[-1]}",
        )
    finally:
        for name in ("app-a", "app-b", "writer"):
            stack("app-stop", name)
        for name in ("a", "b", "writer"):
            stack("app-start", name)
        subprocess.run([THROWAWAY, "drop", DRILL_CLUSTER], check=True)


def main() -> int:
    if request(VARNISH, "/livez").status != 200 or not (DIR / "env").exists():
        say("stack-check: the stack is not running; start it with `make stack`")
        return 2
    article = shell(ARTICLE)
    say(f"Varnish {VARNISH}, app A {APP_A}, app B {APP_B}; article {article['url']}")
    check_purge_acl(article["url"])
    check_publish(article)
    # Taken now, so they have expired by the time checks 3 and 4 are done;
    # pages those checks leave alone, so nothing fetches them again meanwhile.
    kept = article["others"]
    expired_at = take_fresh_copies(kept)
    check_instance_down(article)
    check_database_down(article)
    check_expired_copies(kept, expired_at)
    say(f"\n{f'{failures} check(s) failed' if failures else 'All checks passed'}.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
