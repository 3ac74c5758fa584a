from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wagtail.models import Page

import pytest

from donations.forms import parse_pounds
from donations.models import DonatePage
from donations.payments.reference import Reference
from tests.factories.donations import DonatePageFactory, amounts
from tests.factories.pages import StandardPageFactory
from tests.test_security import parse_csp

from .conftest import PROVIDER

pytestmark = pytest.mark.django_db


def give(client, **params):
    return client.get("/donate/give/", params)


def redirect_params(response) -> dict:
    assert response.status_code == 302, response.content.decode()[:500]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == PROVIDER
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def test_donate_page_lives_only_under_the_home_page(home_page):
    assert DonatePage.can_create_at(home_page)
    assert not DonatePage.can_create_at(StandardPageFactory(parent=home_page))
    assert not DonatePage.can_create_at(Page.get_first_root_node())
    assert DonatePage.allowed_subpage_models() == []


def test_only_one_donate_page_is_allowed(donate_page, home_page):
    assert not DonatePage.can_create_at(home_page)


def test_donate_page_shows_both_frequencies_with_impact_statements(
    client, donate_page, provider
):
    response = client.get("/donate/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Give once" in html and "Give every month" in html
    assert "£25 could help" in html
    assert html.count('name="amount"') == 3 + 3 + 2  # suggestions and two "Other"
    assert 'method="get" action="/donate/give/"' in html
    assert "Whole pounds from £2 to £10,000." in html


def test_donate_page_is_cacheable(client, donate_page, provider):
    response = client.get("/donate/")

    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_donate_page_lets_its_forms_reach_the_provider(client, donate_page, provider):
    # Browsers check form-action on redirects after a submission too.
    csp = parse_csp(client.get("/donate/")["Content-Security-Policy"])

    assert csp["form-action"] == ["'self'", "https://donate.example.org"]


def test_form_error_page_keeps_the_provider_in_form_action(
    client, donate_page, provider
):
    response = give(client, frequency="one-off", amount="other", other_amount="x")

    csp = parse_csp(response["Content-Security-Policy"])
    assert "https://donate.example.org" in csp["form-action"]


def test_form_action_stays_self_without_a_provider(client, donate_page):
    csp = parse_csp(client.get("/donate/")["Content-Security-Policy"])

    assert csp["form-action"] == ["'self'"]


def test_context_prefills_from_a_donate_button(donate_page, provider):
    request = RequestFactory().get(
        "/donate/",
        {
            "cta": "spring",
            "frequency": "monthly",
            "amount": "10",
            "designation": "research",
        },
        HTTP_HOST="localhost",
    )

    once, monthly = donate_page.get_context(request)["donate_forms"]

    assert [a["checked"] for a in monthly["amounts"]] == [False, True, False]
    assert [a["checked"] for a in once["amounts"]] == [True, False, False]
    assert monthly["cta"] == "spring" and monthly["research_checked"]


def test_context_puts_an_unlisted_amount_in_other(donate_page, provider):
    request = RequestFactory().get(
        "/donate/", {"frequency": "one-off", "amount": "15", "cta": "<script>"}
    )

    once, _ = donate_page.get_context(request)["donate_forms"]

    assert once["other_checked"] and once["other_value"] == "15"
    assert once["cta"] == ""


def test_good_amount_goes_to_the_provider_with_everything_it_needs(
    client, donate_page, provider
):
    response = give(
        client, frequency="monthly", amount="10", designation="research", cta="spring"
    )

    params = redirect_params(response)
    reference = Reference.decode(params.pop("ref"))
    assert params.pop("client_reference_id") == reference.encode()
    assert params == {
        "amount": "10",
        "frequency": "monthly",
        "designation": "research",
        "cta": "spring",
        "gift_aid": "no",
        "utm_source": "testserver",
        "utm_medium": "donate-page",
        "utm_campaign": "spring",
        "utm_content": "donate-page",
    }
    # Given on the donate page itself: credited to it, not to a button.
    assert (reference.cta_id, reference.page_id) == (0, donate_page.pk)
    assert not response.cookies


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [("25", "25"), ("£1,000", "1000"), ("30.00", "30"), (" 7 ", "7")],
)
def test_other_amounts_in_whole_pounds_are_accepted(
    typed, pounds, client, donate_page, provider
):
    response = give(client, frequency="one-off", amount="other", other_amount=typed)

    params = redirect_params(response)
    assert params["amount"] == pounds
    assert params["designation"] == "general"
    assert "cta" not in params


def test_typed_amount_counts_without_choosing_other(client, donate_page, provider):
    response = give(client, frequency="one-off", other_amount="40")

    assert redirect_params(response)["amount"] == "40"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"frequency": "one-off"}, "Choose an amount, or enter another amount."),
        (
            {"frequency": "one-off", "amount": "other", "other_amount": "12.50"},
            "Enter a whole number of pounds, without pence, like 25.",
        ),
        (
            {"frequency": "one-off", "amount": "other", "other_amount": "lots"},
            "Enter an amount in pounds, like 25.",
        ),
        (
            {"frequency": "one-off", "amount": "other", "other_amount": ""},
            "Enter the amount you would like to give.",
        ),
        (
            {"frequency": "one-off", "amount": "other", "other_amount": "1"},
            "The smallest gift we can take online is £2.",
        ),
        (
            {"frequency": "monthly", "amount": "other", "other_amount": "1001"},
            "Enter £1,000 or less.",
        ),
        ({"frequency": "one-off", "amount": "-5"}, "Choose one of the amounts shown."),
        # Unicode digits pass str.isdigit() but are not amounts.
        ({"frequency": "one-off", "amount": "²"}, "Choose one of the amounts shown."),
        ({"frequency": "one-off", "amount": "25²"}, "Choose one of the amounts shown."),
        ({"frequency": "one-off", "amount": "①"}, "Choose one of the amounts shown."),
        (
            {"frequency": "one-off", "amount": "other", "other_amount": "٢٥"},
            "Enter an amount in pounds, like 25.",
        ),
        (
            {"frequency": "weekly", "amount": "10"},
            "Choose whether to give once or every month.",
        ),
        ({"amount": "10"}, "Choose whether to give once or every month."),
    ],
)
def test_bad_amounts_show_an_error_on_the_page(
    params, message, client, donate_page, provider
):
    response = give(client, **params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: Donate" in html
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html


def test_error_is_shown_beside_the_field_and_keeps_what_was_typed(
    client, donate_page, provider
):
    response = give(client, frequency="monthly", amount="other", other_amount="12.50")

    html = response.content.decode()
    assert 'id="monthly-other-error"' in html
    assert 'href="#monthly-other-amount"' in html
    assert (
        'value="12.50" aria-describedby="monthly-other-hint monthly-other-error"'
        in html
    )
    assert 'aria-invalid="true"' in html


def test_limits_are_per_frequency(client, home_page, provider):
    DonatePageFactory(parent=home_page, monthly_minimum=5, one_off_maximum=500)

    assert (
        give(client, frequency="one-off", amount="other", other_amount="3").status_code
        == 302
    )
    assert (
        give(client, frequency="monthly", amount="other", other_amount="3").status_code
        == 200
    )
    assert (
        give(
            client, frequency="one-off", amount="other", other_amount="501"
        ).status_code
        == 200
    )
    assert (
        give(
            client, frequency="monthly", amount="other", other_amount="501"
        ).status_code
        == 302
    )


def test_without_a_provider_the_donor_is_told_and_nothing_breaks(client, donate_page):
    response = give(client, frequency="one-off", amount="10")

    assert response.status_code == 200
    assert "online giving is not working right now" in response.content.decode()


def test_a_provider_taken_off_the_allow_list_is_not_used(
    client, donate_page, provider, settings
):
    settings.DONATION_ALLOWED_HOSTS = []

    assert give(client, frequency="one-off", amount="10").status_code == 200


@pytest.mark.parametrize(
    ("typed", "pounds"), [("5", 5), ("£5", 5), ("5.0", 5), ("1, 000", 1000)]
)
def test_parse_pounds(typed, pounds):
    assert parse_pounds(typed) == pounds


def test_editors_cannot_suggest_amounts_outside_the_limits(home_page):
    page = DonatePageFactory.build(
        monthly_amounts=amounts(1, 5), one_off_minimum=50, one_off_maximum=10
    )

    with pytest.raises(ValidationError) as error:
        page.clean()

    assert set(error.value.message_dict) == {"monthly_amounts", "one_off_maximum"}


def test_suggested_amounts_must_differ():
    block = DonatePage.one_off_amounts.field.stream_block

    with pytest.raises(ValidationError):
        block.clean(block.to_python(amounts(10, 10)))


@pytest.mark.parametrize("count", [1, 6])
def test_donate_page_queries_do_not_grow_with_the_amounts(
    count, client, home_page, provider, django_assert_max_num_queries
):
    DonatePageFactory(
        parent=home_page,
        one_off_amounts=amounts(*range(10, 10 + count)),
        monthly_amounts=amounts(*range(5, 5 + count)),
    )
    client.get("/donate/")  # warms the site and settings caches

    with django_assert_max_num_queries(12):
        response = client.get("/donate/")

    assert response.content.decode().count('name="amount"') == 2 * count + 2
