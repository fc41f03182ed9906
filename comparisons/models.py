"""Comparisons that editors feature on the home page and in the sitemap."""

from django.db import models
from django.db.models import F, Q

from catalog.models import AIModel


class FeaturedComparison(models.Model):
    """A pair of models an editor puts on the home page."""

    model_a = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="+")
    model_b = models.ForeignKey(AIModel, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")
    note = models.CharField(max_length=160, blank=True, help_text="Why this pair is worth a look.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(model_a=F("model_b")), name="featured_two_different_models"
            ),
            models.UniqueConstraint(fields=["model_a", "model_b"], name="featured_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.model_a} vs {self.model_b}"
