"""`manage.py load_featured_pairs`: put the editorial layer's featured pairs on the home page."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog import editorial
from catalog.models import AIModel
from comparisons.models import FeaturedComparison


class Command(BaseCommand):
    help = "Create the featured comparisons editorial.json names; existing ones stay."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pairs = editorial.read().get("featured") or []
        except editorial.EditorialError as error:
            raise CommandError(f"No featured pairs loaded: {error}") from None
        created = 0
        for position, (first, second) in enumerate(pairs):
            found = AIModel.objects.resolve([first, second])
            if len(found) < 2:
                self.stderr.write(f"Skipped {first} vs {second}: not both in the catalog.")
                continue
            a, b = sorted([found[first], found[second]], key=lambda model: model.slug)
            _, made = FeaturedComparison.objects.get_or_create(
                model_a=a, model_b=b, defaults={"position": position}
            )
            created += made
        self.stdout.write(f"{created} featured comparison(s) created.")
