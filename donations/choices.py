from django.db import models


class Frequency(models.TextChoices):
    ONE_OFF = "one-off", "Once"
    MONTHLY = "monthly", "Monthly"


class Designation(models.TextChoices):
    GENERAL = "general", "Where it is needed most"
    RESEARCH = "research", "Research only"


class Destination(models.TextChoices):
    DONATE_PAGE = "donate-page", "Our donate page"
    EXTERNAL = "external", "Another website (a payment or campaign page)"


class Placement(models.TextChoices):
    """Where on a page a donate button was shown; sent as utm_content."""

    BODY = "body", "In the page's content"
    FOOT = "foot", "At the foot of the page"
    HOME = "home", "On the home page"
    HEADER = "header", "In the header"
    OTHER = "other", "Elsewhere"


class DeviceClass(models.TextChoices):
    DESKTOP = "desktop", "Computer"
    MOBILE = "mobile", "Phone"
    TABLET = "tablet", "Tablet"
    OTHER = "other", "Other or unknown"
