from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm for "Did you mean …?". Django skips it on other databases."""

    dependencies = [("pages", "0008_layout_choices_not_searched")]

    operations = [TrigramExtension()]
