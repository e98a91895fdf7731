"""Every country and territory by code and plain name (core.countries), which an organisation
chooses from."""

import pytest
from django.core.exceptions import ValidationError

from steadfast.core.countries import (
    country_choices,
    country_in_sentence,
    country_name,
    country_names,
)


def test_every_iso_country_and_kosovo_with_a_plain_name():
    names = country_names()
    assert len(names) == 250
    assert all(len(code) == 2 and code.isupper() for code in names)
    assert names["DE"] == "Germany" and names["GB"] == "United Kingdom"
    assert names["KR"] == "South Korea" and names["XK"] == "Kosovo"
    assert all("," not in name or code == "SH" for code, name in names.items())


def test_choices_are_in_alphabetical_order_of_name_ignoring_accents():
    names = [name for _, name in country_choices()]
    assert names[:3] == ["Afghanistan", "Åland Islands", "Albania"]
    assert names.index("Côte d'Ivoire") < names.index("Croatia")


def test_names_read_well_in_a_sentence():
    assert country_in_sentence("US") == "the United States"
    assert country_in_sentence("NL") == "the Netherlands"
    assert country_in_sentence("KY") == "the Cayman Islands"
    assert country_in_sentence("DE") == "Germany"
    assert country_in_sentence("GS") == "South Georgia and the South Sandwich Islands"
    assert country_name("ZZ") == ""


@pytest.mark.django_db
def test_an_organisation_may_be_in_any_country_and_no_other_code(org):
    for code in country_names():
        org.country = code
        org.full_clean()
    for wrong in ("UK", "de", "ZZ", ""):
        org.country = wrong
        with pytest.raises(ValidationError) as error:
            org.full_clean()
        assert "country" in error.value.message_dict
