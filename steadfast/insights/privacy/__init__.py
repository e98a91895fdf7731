"""Small-group suppression: every figure shown to a lead or champion goes through here."""

from steadfast.insights.privacy.rules import (
    MINIMUM_K,
    Policy,
    PrivacyError,
    check_release,
    prevalence_hidden,
    protect,
    protect_cumulative,
    small,
)

__all__ = [
    "MINIMUM_K",
    "Policy",
    "PrivacyError",
    "check_release",
    "prevalence_hidden",
    "protect",
    "protect_cumulative",
    "small",
]
