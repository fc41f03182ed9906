"""Public catalog pages."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.models import AIModel, Price, Provider


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    models = AIModel.objects.published().select_related("creator").order_by("category", "name")
    return render(request, "catalog/home.html", {"models": models})


@require_GET
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    model = AIModel.objects.published().select_related("creator", "successor").by_slug(slug)
    if model is None:
        raise Http404("No such model.")
    if model.slug != slug:
        return HttpResponsePermanentRedirect(model.get_absolute_url())
    prices = Price.objects.filter(model=model).select_related("host").history()
    current_ids = set(
        Price.objects.current(date.today()).filter(model=model).values_list("pk", flat=True)
    )
    return render(
        request,
        "catalog/model_detail.html",
        {"model": model, "prices": prices, "current_ids": current_ids},
    )


@require_GET
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    provider = Provider.objects.by_slug(slug)
    if provider is None:
        raise Http404("No such provider.")
    if provider.slug != slug:
        return HttpResponsePermanentRedirect(provider.get_absolute_url())
    models = provider.models.published().order_by("category", "name")
    return render(request, "catalog/provider_detail.html", {"provider": provider, "models": models})
