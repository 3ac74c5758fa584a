"""One request to the site under test, redirects not followed, as a visitor
behind the production proxy would make it."""

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

# What the trusted proxy adds (TRUSTED_PROXY_COUNT=1): the visitor's address,
# and that they came over HTTPS, so the site does not redirect them to it.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@dataclass
class Answer:
    status: int
    location: str
    body: str


def get(base: str, path: str, address: str = "192.0.2.1", timeout=10) -> Answer:
    """GET `path`; a status of 0 means no answer at all (refused, timed out)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = {**PROXY_HEADERS, "X-Forwarded-For": address, "User-Agent": BROWSER}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        return Answer(response.status, response.getheader("Location", ""), body)
    except (OSError, http.client.HTTPException):
        return Answer(0, "", "")
    finally:
        connection.close()
