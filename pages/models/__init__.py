"""The pages app's models, one module per area; import them from here."""

# Kept with the search code it serves; imported here so Django finds it.
from ..search.models import NoResultsSearch  # noqa: E402
from .articles import (
    ArticlePage,
    ArticleSource,
    ClinicalReviewer,
    RelatedArticle,
    TopicIndexPage,
)
from .core import (
    CustomImage,
    CustomRendition,
    HomePage,
    NavigationSettings,
    SiteSettings,
    StandardPage,
)
from .feedback import PageFeedback
from .glossary import GlossaryPage, Term
from .stories import (
    StoryIndexPage,
    StoryKind,
    StoryPage,
    StoryResearchLink,
    StoryTopicLink,
)
from .workflows import MedicalReviewTask

__all__ = [
    "ArticlePage",
    "ArticleSource",
    "ClinicalReviewer",
    "CustomImage",
    "CustomRendition",
    "GlossaryPage",
    "HomePage",
    "MedicalReviewTask",
    "NoResultsSearch",
    "NavigationSettings",
    "PageFeedback",
    "RelatedArticle",
    "SiteSettings",
    "StandardPage",
    "StoryIndexPage",
    "StoryKind",
    "StoryPage",
    "StoryResearchLink",
    "StoryTopicLink",
    "Term",
    "TopicIndexPage",
]
