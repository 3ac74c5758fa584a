import pytest

from tests.factories.research import ResearchIndexPageFactory


@pytest.fixture
def hub(home_page):
    """The research hub under the home page."""
    return ResearchIndexPageFactory(parent=home_page)
