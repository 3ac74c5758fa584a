"""Trial registry identifiers: their formats, and where each one is published.

Formats, as the registries define them:
- ClinicalTrials.gov: "NCT" and eight digits (NCT04411641), page at
  https://clinicaltrials.gov/study/<id>.
- ISRCTN: "ISRCTN" and eight digits, page at https://www.isrctn.com/<id>.
- EU CT number (the Clinical Trials Information System, CTIS, since 2023):
  year, six digits, two digits, two digits (2022-500024-30-00), page at
  https://euclinicaltrials.eu/ctis-public/view/<id>.
- EudraCT number (trials approved under the old EU directive, 2004 to 2023):
  year, six digits and two check digits (2015-003722-59). The EU Clinical
  Trials Register shows one page per country, so we link to its search.
- IRAS ID (UK approvals): a number, seven digits for newer projects and fewer
  for older ones. IRAS has no public page, so the ID is shown, not linked.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible


@dataclass(frozen=True)
class Registry:
    field: str
    label: str
    pattern: str
    example: str
    url_template: str = ""

    def matches(self, identifier: str) -> bool:
        # ASCII digits only: `\d` would also take "０" (full width) or "٣".
        return re.fullmatch(self.pattern, identifier, re.ASCII) is not None

    def url(self, identifier: str) -> str:
        if not self.url_template or not self.matches(identifier):
            return ""
        return self.url_template.format(id=quote(identifier))


NCT = Registry(
    "nct_id",
    "ClinicalTrials.gov number",
    r"NCT\d{8}",
    "NCT01234567",
    "https://clinicaltrials.gov/study/{id}",
)
ISRCTN = Registry(
    "isrctn_id",
    "ISRCTN",
    r"ISRCTN\d{8}",
    "ISRCTN12345678",
    "https://www.isrctn.com/{id}",
)
EU_CT = Registry(
    "eu_ct_number",
    "EU CT number",
    r"20\d{2}-\d{6}-\d{2}-\d{2}",
    "2023-501234-12-00",
    "https://euclinicaltrials.eu/ctis-public/view/{id}",
)
EUDRACT = Registry(
    "eudract_number",
    "EudraCT number",
    r"20\d{2}-\d{6}-\d{2}",
    "2015-001234-56",
    "https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}",
)
IRAS = Registry("iras_id", "IRAS ID", r"\d{4,7}", "1004567")

REGISTRIES = (NCT, ISRCTN, EU_CT, EUDRACT, IRAS)


@deconstructible
class RegistryIdValidator:
    """Checks an identifier's format, and names the right field for a misplaced one."""

    def __init__(self, field: str):
        self.field = field

    def __call__(self, value: str) -> None:
        registry = next(r for r in REGISTRIES if r.field == self.field)
        if registry.matches(value):
            return
        message = (
            f"Check this {registry.label}: it should look like {registry.example}. "
            "Copy it from the study's page on the registry."
        )
        for other in REGISTRIES:
            if other is not registry and other is not IRAS and other.matches(value):
                message = (
                    f"This looks like the study's {other.label}. Put it in the "
                    f"“{other.label}” field instead."
                )
        raise ValidationError(message, code="invalid_registry_id")

    def __eq__(self, other) -> bool:
        return isinstance(other, RegistryIdValidator) and other.field == self.field


class RegistryIdField(models.CharField):
    """A registry identifier, tidied before it is checked.

    Editors paste identifiers from PDFs and e-mails, so surrounding spaces,
    spaces inside ("NCT 0123 4567"), a lower-case prefix and an "IRAS" label
    are forgiven rather than refused.
    """

    def __init__(self, *args, registry: Registry | None = None, **kwargs):
        self.registry = registry
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        if registry is not None:
            kwargs.setdefault("verbose_name", registry.label)
            kwargs.setdefault("validators", [RegistryIdValidator(registry.field)])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Migrations see a plain CharField; the validator travels with it.
        return name, "django.db.models.CharField", args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        value = re.sub(r"\s+", "", value).upper()
        if self.registry is IRAS:
            value = re.sub(r"\AIRAS(ID)?:?", "", value)
        return value
