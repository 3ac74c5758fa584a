import pytest

from pages.synonyms import expand, synonym_groups
from tests.factories.research import TreatmentFactory

GROUPS = [
    ["ocrelizumab", "Ocrevus"],
    ["disease-modifying therapy", "DMT", "DMD"],
    ["MS", "multiple sclerosis"],
]


def test_a_brand_name_expands_to_the_generic_name():
    assert expand("Ocrevus", GROUPS) == ["Ocrevus", "ocrelizumab"]


def test_the_rest_of_the_query_is_kept():
    assert expand("ocrevus side effects", GROUPS) == [
        "ocrevus side effects",
        "ocrelizumab side effects",
    ]


def test_an_abbreviation_expands_to_the_term_and_its_other_names():
    assert expand("DMD", GROUPS) == ["DMD", "disease-modifying therapy", "DMT"]


def test_only_whole_words_match():
    assert expand("symptoms", GROUPS) == ["symptoms"]


def test_regex_characters_in_queries_are_plain_text():
    assert expand("(ocrevus)* [", GROUPS) == ["(ocrevus)* [", "(ocrelizumab)* ["]


@pytest.mark.django_db
def test_groups_come_from_the_glossary_and_treatments():
    TreatmentFactory(generic_name="siponimod", brand_names="Mayzent")

    assert ["siponimod", "Mayzent"] in synonym_groups()
    assert "siponimod" in expand("mayzent")
