"""What fails `make drill` (scripts/drill/report.py): a lost click, a click
stored twice, a server error, a donor turned away. The drill itself runs with
`make drill`; these check its verdict without servers."""

import subprocess

from scripts.drill.load import CLICK, Click, Load
from scripts.drill.report import Verdict

DOWN = "PostgreSQL stopped"


def verdict(answers: dict, clicks: list[Click], stored: dict, **kwargs) -> Verdict:
    load = Load("http://127.0.0.1:8732", {"home page": "/", "donate page": "/d/"}, str)
    load.answers.update(answers)
    load.clicks.extend(clicks)
    replay = subprocess.CompletedProcess([], kwargs.pop("replay_code", 0), "", "")
    return Verdict(load, stored, replay, replayer_died=kwargs.pop("died", False))


def two_clicks(*statuses: int) -> list[Click]:
    return [Click(number, DOWN, status) for number, status in enumerate(statuses, 1)]


GOOD = {
    (DOWN, "home page", 503): 4,
    (DOWN, "donate page", 200): 4,
    (DOWN, CLICK, 302): 2,
}


def test_every_click_stored_once_and_giving_open_passes():
    assert verdict(GOOD, two_clicks(302, 302), {1: 1, 2: 1}).passed


def test_a_click_not_stored_fails():
    result = verdict(GOOD, two_clicks(302, 302), {1: 1})

    assert not result.passed
    assert result.lost == [2]


def test_a_click_stored_twice_fails():
    result = verdict(GOOD, two_clicks(302, 302), {1: 1, 2: 2})

    assert not result.passed
    assert result.twice == [2]


def test_a_server_error_on_any_page_fails():
    answers = {**GOOD, (DOWN, "home page", 500): 1}

    assert not verdict(answers, two_clicks(302, 302), {1: 1, 2: 1}).passed


def test_a_page_not_answering_fails():
    answers = {**GOOD, (DOWN, "home page", 0): 1}

    assert not verdict(answers, two_clicks(302, 302), {1: 1, 2: 1}).passed


def test_the_donate_page_saying_the_site_is_down_fails():
    answers = {**GOOD, (DOWN, "donate page", 503): 1}

    result = verdict(answers, two_clicks(302, 302), {1: 1, 2: 1})

    assert result.problems == [f"{DOWN}: donate page got status 503 1×"]


def test_a_click_not_redirected_fails():
    answers = {**GOOD, (DOWN, CLICK, 503): 1}

    assert not verdict(answers, two_clicks(302, 503), {1: 1}).passed


def test_a_failed_replay_or_a_dead_replay_worker_fails():
    clicks, stored = two_clicks(302, 302), {1: 1, 2: 1}

    assert not verdict(GOOD, clicks, stored, replay_code=1).passed
    assert not verdict(GOOD, clicks, stored, died=True).passed
