"""Evaluation statistics over plain numbers (numpy, scipy, statsmodels; no Django)."""

from steadfast.insights.stats.attrition import completers_vs_leavers, flow
from steadfast.insights.stats.change import (
    SHOWN_EFFECT,
    SHOWN_EFFECT_TEXT,
    clinical_change,
    paired_change,
    reliable_change_shares,
)
from steadfast.insights.stats.control import ewma_chart
from steadfast.insights.stats.mixed import random_intercept_model

__all__ = [
    "SHOWN_EFFECT",
    "SHOWN_EFFECT_TEXT",
    "clinical_change",
    "completers_vs_leavers",
    "ewma_chart",
    "flow",
    "paired_change",
    "random_intercept_model",
    "reliable_change_shares",
]
