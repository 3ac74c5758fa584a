"""Hostile input for the property-based tests, and what every answer must respect.

The "ci" profile (the default) keeps all of them to seconds, with the same
examples on every run and no deadline; run `pytest --hypothesis-profile=thorough`
for many more, freshly drawn, examples.
"""

import re
import unicodedata

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=400,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("ci")

# Markup a page would run if it reflected it unescaped.
XSS = [
    '<script>alert("msxss")</script>',
    "\"><img src=x onerror=alert('msxss')>",
    "'><svg onload=msxss()>",
    "</textarea><msxss-tag>",
    "javascript:msxss()//",
]
XSS_MARKERS = [b"<script>alert(", b"<img src=x onerror", b"<svg onload", b"<msxss"]

NASTY = [
    # Digits that pass str.isdigit() or `\d` but are no number anyone means.
    "²",
    "25²",
    "①",
    "٣",
    "１２",
    "𝟚",
    "Ⅻ",
    "½",
    # Numbers that are too big, negative, fractional or not quite numbers.
    "-1",
    "0",
    "-0",
    "1.5",
    "2.0",
    "1e9",
    "9" * 30,
    "9" * 5000,
    "NaN",
    "inf",
    "0x1f",
    " 2 ",
    "+3",
    # Control characters, null bytes and invisible formatting.
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eevil",
    "\ufeff",
    "\r\nSet-Cookie: evil=1",
    "%00",
    "%ZZ",
    # Strings that look like SQL, paths or markup.
    "' OR '1'='1",
    "1; DROP TABLE pages_pagefeedback;--",
    "\\",
    "../../etc/passwd",
    *XSS,
    # Long and non-Latin text.
    "😀" * 50,
    "Ωμέγα 3 και ΣΚΠ",
    "рассеянный склероз",
    "多発性硬化症",
    "التصلب المتعدد",
    "a" * 10_000,
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def hostile_params(*names: str):
    """A query string or form: some of `names`, and sometimes a stranger."""
    known = st.dictionaries(st.sampled_from(names), hostile_text, max_size=len(names))
    unknown = st.dictionaries(
        st.text(min_size=1, max_size=20), hostile_text, max_size=2
    )
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


_MARKUP = re.compile(r"<[A-Za-z/!]")


def assert_answered_safely(response, sent=()) -> None:
    """No server error, and nothing sent comes back as live markup."""
    assert response.status_code < 500, response.status_code
    body = b"".join(response) if response.streaming else response.content
    for marker in XSS_MARKERS:
        assert marker not in body, marker
    for value in sent:
        if isinstance(value, str) and len(value) >= 8 and _MARKUP.search(value):
            assert value.encode() not in body, value


def is_clean_text(text: str) -> bool:
    """No control characters but line breaks and tabs."""
    return all(char in "\n\t" or unicodedata.category(char) != "Cc" for char in text)
