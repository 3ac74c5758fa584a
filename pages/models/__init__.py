"""The pages app's models, one module per area; import them from here."""

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
    "NavigationSettings",
    "PageFeedback",
    "RelatedArticle",
    "SiteSettings",
    "StandardPage",
    "Term",
    "TopicIndexPage",
]
