from __future__ import annotations

from django.contrib import admin

from steadfast.training.models import RegionalTraining, SeatAllocation


class SeatAllocationInline(admin.TabularInline[SeatAllocation, RegionalTraining]):
    model = SeatAllocation
    extra = 1


@admin.register(RegionalTraining)
class RegionalTrainingAdmin(admin.ModelAdmin[RegionalTraining]):
    """Administrators create regional trainings and give each organisation its seats here;
    leads name people for the seats on their organisation's page."""

    list_display = ("title", "starts_on", "place")
    inlines = [SeatAllocationInline]
