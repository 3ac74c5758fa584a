from django.core.exceptions import ValidationError

import pytest

from research.registries import EU_CT, EUDRACT, IRAS, ISRCTN, NCT
from tests.factories.research import ResearchProjectPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("nct_id", "NCT04411641", "NCT04411641"),
        ("nct_id", " nct 0441 1641 ", "NCT04411641"),
        ("isrctn_id", "ISRCTN12345678", "ISRCTN12345678"),
        ("isrctn_id", "isrctn12345678", "ISRCTN12345678"),
        ("eu_ct_number", "2022-500024-30-00", "2022-500024-30-00"),
        ("eudract_number", "2015-003722-59", "2015-003722-59"),
        ("iras_id", "1004567", "1004567"),
        ("iras_id", "IRAS ID: 284512", "284512"),
    ],
)
def test_valid_registry_identifiers_are_tidied_and_kept(hub, field, typed, stored):
    project = ResearchProjectPageFactory(parent=hub)
    setattr(project, field, typed)

    project.full_clean()

    assert getattr(project, field) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("nct_id", "NCT0441164", "it should look like NCT01234567"),
        ("nct_id", "04411641", "it should look like NCT01234567"),
        ("nct_id", "ISRCTN12345678", "looks like the study's ISRCTN"),
        ("isrctn_id", "ISRCTN1234567X", "it should look like ISRCTN12345678"),
        ("eu_ct_number", "2015-003722-59", "looks like the study's EudraCT number"),
        ("eu_ct_number", "22-500024-30-00", "it should look like 2023-501234-12-00"),
        ("eudract_number", "2022-500024-30-00", "looks like the study's EU CT number"),
        ("eudract_number", "2015/003722/59", "it should look like 2015-001234-56"),
        ("iras_id", "12", "it should look like 1004567"),
        ("iras_id", "NCT04411641", "looks like the study's ClinicalTrials.gov number"),
        ("nct_id", "NCT04411641<script>", "it should look like NCT01234567"),
        # Digits of other scripts match a Unicode `\d`, but no registry uses them.
        ("nct_id", "NCT０４４１１６４１", "it should look like NCT01234567"),
        ("iras_id", "١٠٠٤٥٦٧", "it should look like 1004567"),
        ("eudract_number", "2015-00372²-59", "it should look like 2015-001234-56"),
    ],
)
def test_malformed_registry_identifiers_get_a_clear_message(hub, field, typed, message):
    project = ResearchProjectPageFactory(parent=hub)
    setattr(project, field, typed)

    with pytest.raises(ValidationError) as error:
        project.full_clean()

    assert message in " ".join(error.value.message_dict[field])


def test_registry_identifiers_link_to_the_public_registry_pages(client, hub):
    project = ResearchProjectPageFactory(
        parent=hub,
        nct_id="NCT04411641",
        isrctn_id="ISRCTN12345678",
        eu_ct_number="2022-500024-30-00",
        eudract_number="2015-003722-59",
        iras_id="1004567",
    )

    html = client.get(project.url).content.decode()

    assert '<a href="https://clinicaltrials.gov/study/NCT04411641">' in html
    assert '<a href="https://www.isrctn.com/ISRCTN12345678">' in html
    assert (
        '<a href="https://euclinicaltrials.eu/ctis-public/view/2022-500024-30-00">'
        in html
    )
    assert (
        '<a href="https://www.clinicaltrialsregister.eu/ctr-search/search?'
        'query=2015-003722-59">' in html
    )
    # IRAS has no public page: shown, never linked.
    assert "<li>IRAS ID: 1004567</li>" in html


def test_registry_urls_are_only_built_for_well_formed_identifiers():
    assert NCT.url("NCT04411641") == "https://clinicaltrials.gov/study/NCT04411641"
    assert NCT.url("NCT0441164") == ""
    assert ISRCTN.url("javascript:alert(1)") == ""
    assert EU_CT.url("2022-500024-30-00").endswith("/view/2022-500024-30-00")
    assert EUDRACT.url("2015-003722-59").endswith("query=2015-003722-59")
    assert IRAS.url("1004567") == ""
