"""Merging a duplicate model into the one it duplicates.

Everything of the duplicate moves to the model that stays; its slug becomes a
redirect and its ids aliases, so the next import places its records there.
"""

from __future__ import annotations

from django.db import transaction

from catalog.changes import announce
from catalog.identity import ModelAlias
from catalog.importers.keys import identity_key
from catalog.models import AIModel, AIModelSlug, Discrepancy, Offer, Price, Score


def merge_models(sources: list[AIModel], target: AIModel) -> int:
    """Move every row of `sources` onto `target`, keep their slugs as redirects and their
    ids as aliases, then delete them. Rows the target already has for the same offer,
    date and condition stay the target's; the merged model's duplicates are dropped."""
    moved = 0
    with transaction.atomic():
        for source in sources:
            if source.pk == target.pk:
                continue
            for price in Price.objects.filter(model=source):
                duplicate = Price.objects.filter(
                    model=target,
                    host_id=price.host_id,
                    component=price.component,
                    unit=price.unit,
                    condition=price.condition,
                    effective_from=price.effective_from,
                ).exists()
                if duplicate:
                    price.delete()
                else:
                    price.model = target
                    price.save(update_fields=["model", "updated_at"])
                    moved += 1
            for offer in Offer.objects.filter(model=source):
                if Offer.objects.filter(model=target, host_id=offer.host_id).exists():
                    offer.delete()
                else:
                    offer.model = target
                    offer.save(update_fields=["model", "updated_at"])
            for score in Score.objects.filter(model=source):
                same = Score.objects.filter(
                    model=target,
                    benchmark_id=score.benchmark_id,
                    condition=score.condition,
                    measured_on=score.measured_on,
                )
                if same.exists():
                    score.delete()
                else:
                    score.model = target
                    score.save(update_fields=["model", "updated_at"])
            Discrepancy.objects.filter(model=source).delete()
            ModelAlias.objects.filter(model=source, origin=ModelAlias.Origin.IMPORT).update(
                model=target
            )
            ModelAlias.objects.filter(model=source, origin=ModelAlias.Origin.EDITOR).update(
                model=target
            )
            AIModelSlug.objects.filter(model=source).update(model=target)
            AIModel.objects.filter(successor=source).update(successor=target)
            AIModel.objects.filter(snapshot_of=source).update(snapshot_of=target)
            key = identity_key(source.slug)
            if not ModelAlias.objects.filter(key=key, origin=ModelAlias.Origin.EDITOR).exists():
                ModelAlias.objects.create(
                    text=source.slug,
                    key=key,
                    model=target,
                    note=f"merged {source.name} into {target.name}",
                )
            slug = source.slug
            source.delete()
            AIModelSlug.objects.create(slug=slug, model=target)
        announce(shared=True)
    return moved
