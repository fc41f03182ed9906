"""How the catalog says it changed, so that whatever shows it can catch up.

The catalog knows nothing of pages or caches. Every saved or deleted row, and
every bulk write (imports, merges, the demo catalog), announces `changed` with
the slugs of the models whose pages show the change and whether it is shared
by every comparison (providers, benchmarks). The page cache (web/signals.py)
listens and bumps its versions.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

# Sent with `models` (a list of slugs) and `shared` (a bool).
changed = Signal()


def announce(models: Iterable[str] = (), *, shared: bool = False) -> None:
    """Say that the rows shown on these models' pages changed; with `shared`, rows every
    comparison shows. With neither, only what lists the whole catalog changed."""
    changed.send(sender=None, models=list(models), shared=shared)


def slugs_showing(models: Iterable[Any]) -> list[str]:
    """The slugs of these models and of the models whose facts name them (as their
    successor, or the model they are a snapshot of)."""
    from catalog.models import AIModel

    models = list(models)
    ids = [model.pk for model in models]
    related = AIModel.objects.filter(successor__in=ids) | AIModel.objects.filter(
        snapshot_of__in=ids
    )
    return [*(model.slug for model in models), *related.values_list("slug", flat=True)]


def _slugs(instance: Any) -> list[str]:
    """The models whose pages show this row."""
    from catalog.models import AIModel, AIModelSlug

    if isinstance(instance, AIModel):
        old = getattr(instance, "_slug_before_save", None)
        return [*slugs_showing([instance]), *([old] if old else [])]
    if isinstance(instance, AIModelSlug):
        return [instance.slug, instance.model.slug]
    if getattr(instance, "model_id", None) is None:
        return []
    try:
        return [instance.model.slug]
    except ObjectDoesNotExist:
        # Restored (loaddata) before its model, whose own arrival announces its pages.
        return []


def remember_slug(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A renamed model's pages under its old slug change too (they redirect now)."""
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True)
        instance._slug_before_save = old.first()


def model_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    announce(_slugs(instance))


def shared_changed(sender: Any, **kwargs: Any) -> None:
    """Providers and benchmarks appear on every comparison page."""
    announce(shared=True)


def listing_changed(sender: Any, **kwargs: Any) -> None:
    """Shown only on pages of the whole catalog (home, sitemaps)."""
    announce()


def connect(*, models: Any = (), shared: Any = (), listings: Any = ()) -> None:
    """Announce every save and delete of these models: `models` are shown on their
    model's pages, `shared` on every comparison, `listings` only on whole-catalog pages."""
    from catalog.models import AIModel

    pre_save.connect(remember_slug, sender=AIModel, dispatch_uid="announce-model-old-slug")
    handlers = ((model_changed, models), (shared_changed, shared), (listing_changed, listings))
    for handler, senders in handlers:
        for sender in senders:
            name = f"{handler.__name__}-{sender.__name__}"
            post_save.connect(handler, sender=sender, dispatch_uid=f"announce-{name}-save")
            post_delete.connect(handler, sender=sender, dispatch_uid=f"announce-{name}-delete")
