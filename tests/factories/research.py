import factory
import wagtail_factories

from research import models
from research.choices import Status, StudyType


class TreatmentFactory(factory.django.DjangoModelFactory):
    generic_name = factory.Sequence(lambda n: f"treatmentumab {n}")
    treatment_class = "monoclonal antibody"

    class Meta:
        model = models.Treatment


class ResearchThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = models.ResearchTheme


class ResearcherFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name")
    institution = "University of Edinburgh"

    class Meta:
        model = models.Researcher


class ResearchIndexPageFactory(wagtail_factories.PageFactory):
    title = "Research"
    slug = "research"
    summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = models.ResearchIndexPage


class ResearchProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Project {n:04}")
    summary = factory.Faker("sentence", nb_words=16)
    status = Status.ACTIVE
    study_type = StudyType.CLINICAL_TRIAL

    class Meta:
        model = models.ResearchProjectPage
        skip_postgeneration_save = True

    @factory.post_generation
    def treatments(obj, create, extracted, **kwargs):
        if extracted:
            obj.treatments = extracted
            if create:
                obj.save()
