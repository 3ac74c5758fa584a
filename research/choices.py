"""The fixed vocabularies of research projects, shared by models, forms and filters."""

from django.db import models


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    RECRUITING = "recruiting", "Recruiting"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    RESULTS = "results", "Results published"


class StudyType(models.TextChoices):
    CLINICAL_TRIAL = "clinical_trial", "Clinical trial"
    OBSERVATIONAL = "observational", "Observational study"
    LABORATORY = "laboratory", "Laboratory research"
    OTHER = "other", "Other research"


class Phase(models.TextChoices):
    NOT_APPLICABLE = "none", "No phase (not a trial of a medicine)"
    PHASE_1 = "1", "Phase 1"
    PHASE_2 = "2", "Phase 2"
    PHASE_3 = "3", "Phase 3"
    PHASE_4 = "4", "Phase 4"


class TrialDesign(models.TextChoices):
    RANDOMISED = "randomised", "Randomised"
    PLACEBO_CONTROLLED = "placebo_controlled", "Placebo-controlled"
    OPEN_LABEL = "open_label", "Open-label (everyone knows who gets what)"
    SINGLE_BLIND = "single_blind", "Single-blind"
    DOUBLE_BLIND = "double_blind", "Double-blind"
    TRIPLE_BLIND = "triple_blind", "Triple-blind"
    SINGLE_CENTRE = "single_centre", "Single centre"
    MULTI_CENTRE = "multi_centre", "Multi-centre"
    INTERNATIONAL = "international", "International"


# The MS types a project can concern, as (URL value, field, label). A project
# marked "all types of MS" matches every one of them.
MS_TYPES = [
    ("relapsing", "ms_relapsing", "Relapsing MS"),
    ("secondary-progressive", "ms_secondary_progressive", "Secondary progressive MS"),
    ("primary-progressive", "ms_primary_progressive", "Primary progressive MS"),
]
