"""The real public FHIR files when the shared data folder is beside the checkout, otherwise
fixtures of the same shape with the same defects (see fixtures/README.md)."""

from pathlib import Path

from tests.support import ROOT

SHARED = ROOT.parent / "shared" / "data" / "fhir"
FIXTURES = Path(__file__).parent / "fixtures"
STAND_INS = {
    "lhcforms-Questionnaire-PHQ9.json": "lhc-style-phq9.json",
    "researchkitonfhir-Questionnaire-GAD7.json": "researchkit-style-gad7.json",
}


def fhir_file(name: str) -> Path:
    real = SHARED / name
    return real if real.is_file() else FIXTURES / STAND_INS[name]
