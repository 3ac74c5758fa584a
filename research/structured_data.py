"""schema.org descriptions of research studies; the shared helpers are in pages."""

from django.http import HttpRequest

from pages.structured_data import MULTIPLE_SCLEROSIS

from .choices import Phase, Status, StudyType, TrialDesign

SCHEMA = "https://schema.org/"

STATUSES = {
    Status.PLANNED: "NotYetRecruiting",
    Status.RECRUITING: "Recruiting",
    Status.ACTIVE: "ActiveNotRecruiting",
    Status.COMPLETED: "Completed",
    Status.RESULTS: "ResultsAvailable",
}

TRIAL_DESIGNS = {
    TrialDesign.RANDOMISED: "RandomizedTrial",
    TrialDesign.PLACEBO_CONTROLLED: "PlaceboControlledTrial",
    TrialDesign.OPEN_LABEL: "OpenTrial",
    TrialDesign.SINGLE_BLIND: "SingleBlindedTrial",
    TrialDesign.DOUBLE_BLIND: "DoubleBlindedTrial",
    TrialDesign.TRIPLE_BLIND: "TripleBlindedTrial",
    TrialDesign.SINGLE_CENTRE: "SingleCenterTrial",
    TrialDesign.MULTI_CENTRE: "MultiCenterTrial",
    TrialDesign.INTERNATIONAL: "InternationalTrial",
}

STUDY_TYPES = {
    StudyType.CLINICAL_TRIAL: "MedicalTrial",
    StudyType.OBSERVATIONAL: "MedicalObservationalStudy",
}


def medical_study(project, request: HttpRequest, treatments: list) -> dict:
    """A MedicalTrial, MedicalObservationalStudy or MedicalStudy for a project."""
    data = {
        "@type": STUDY_TYPES.get(project.study_type, "MedicalStudy"),
        "name": project.title,
        "description": project.summary,
        "url": project.get_full_url(request),
        "status": SCHEMA + STATUSES[project.status],
        "healthCondition": MULTIPLE_SCLEROSIS,
    }
    other_names = [name for name in (project.short_name, project.full_title) if name]
    if other_names:
        data["alternateName"] = other_names
    if project.study_type == StudyType.CLINICAL_TRIAL:
        if project.phase and project.phase != Phase.NOT_APPLICABLE:
            data["phase"] = project.get_phase_display()
        if project.trial_design:
            data["trialDesign"] = [
                SCHEMA + TRIAL_DESIGNS[design]
                for design in project.trial_design
                if design in TRIAL_DESIGNS
            ]
    if treatments:
        data["studySubject"] = [
            {"@type": "MedicalEntity", "name": treatment.generic_name}
            for treatment in treatments
        ]
    identifiers = [
        {
            "@type": "PropertyValue",
            "propertyID": link["label"],
            "value": link["identifier"],
            **({"url": link["url"]} if link["url"] else {}),
        }
        for link in project.registry_links()
    ]
    if identifiers:
        data["identifier"] = identifiers
    return data
