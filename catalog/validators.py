"""Validators shared by the catalog models and their forms."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMPARISON_SEPARATOR = "-vs-"


def validate_catalog_slug(value: str) -> None:
    """A slug that can sit on either side of `/compare/<a>-vs-<b>/` without ambiguity.

    Lowercase words joined by single hyphens, never containing `-vs-`, never
    starting with `vs-` or ending with `-vs` (either would let the separator
    be read in two places).
    """
    if not SLUG_PATTERN.match(value):
        raise ValidationError(
            "Use lowercase letters, digits and single hyphens, such as 'gpt-4o'.",
            code="invalid_slug",
        )
    if COMPARISON_SEPARATOR in value or value.startswith("vs-") or value.endswith("-vs"):
        raise ValidationError(
            "A slug cannot contain '-vs-', start with 'vs-' or end with '-vs': "
            "comparison URLs use '-vs-' to separate two models.",
            code="slug_vs",
        )


def slug_is_unambiguous(field: str = "slug") -> Q:
    """The database-side half of `validate_catalog_slug`'s `-vs-` rule."""
    return (
        ~Q(**{f"{field}__contains": COMPARISON_SEPARATOR})
        & ~Q(**{f"{field}__startswith": "vs-"})
        & ~Q(**{f"{field}__endswith": "-vs"})
        & ~Q(**{field: ""})
    )
