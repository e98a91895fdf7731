"""Emergency numbers for every country and territory (safety.emergency and its table), checked
against the short-number data of the phonenumbers library; crisis lines only for their own
country; the reader's own numbers wherever a page asks them to call; and no page or module with
one country's number written into it."""

import ast
import io
import re
import tokenize
from pathlib import Path

import phonenumbers
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from phonenumbers import shortnumberinfo

from steadfast.assessments.models import Draft
from steadfast.core.countries import country_names
from steadfast.safety import selectors
from steadfast.safety.emergency import EmergencyCall, emergency_calls, emergency_table
from steadfast.safety.models import CrisisLine

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

# Places where we ship no emergency number (data/SOURCES.md): Antarctica and islands where
# nobody lives but researchers or a garrison, and places for which phonenumbers knows no
# emergency number, so none could be checked.
WITHOUT_A_NUMBER = {"AQ", "BV", "GN", "GQ", "GS", "HM", "IO", "PN", "TF", "TK", "UM"}


# The table ----------------------------------------------------------------------------------


def test_the_table_covers_every_country_and_territory():
    table = emergency_table()
    assert set(table) == set(country_names())
    assert len(table) >= 240
    assert {code for code, calls in table.items() if not calls} == WITHOUT_A_NUMBER


def test_every_shipped_number_is_an_emergency_number_phonenumbers_knows_for_its_region():
    shipped = [(code, call.number) for code, calls in emergency_table().items() for call in calls]
    wrong = [
        (code, number)
        for code, number in shipped
        if not shortnumberinfo.is_emergency_number(number, code)
    ]
    assert wrong == []
    assert len({code for code, _ in shipped}) == len(country_names()) - len(WITHOUT_A_NUMBER)
    assert len({code for code, _ in shipped}) >= 239


def test_numbers_read_most_useful_first_with_what_each_is_for():
    assert emergency_calls("US") == (EmergencyCall("911"),)
    assert emergency_calls("GB") == (EmergencyCall("999"), EmergencyCall("112"))
    assert emergency_calls("DE") == (EmergencyCall("112"), EmergencyCall("110", "police"))
    assert emergency_calls("JP")[0] == EmergencyCall("119", "ambulance")
    assert emergency_calls("JP")[0].service_words == "an ambulance"
    assert emergency_calls("ZZ") == ()


def test_no_country_ships_a_number_it_does_not_know_as_an_emergency_number():
    """988 is a crisis line in the US and Canada, not an emergency number anywhere."""
    assert all(call.number != "988" for calls in emergency_table().values() for call in calls)
    assert all(call.number != "911" for call in emergency_calls("DE") + emergency_calls("GB"))


# Crisis lines --------------------------------------------------------------------------------


def test_each_crisis_line_number_is_a_number_of_its_own_country():
    for line in CrisisLine.objects.all():
        for number in filter(None, (line.call_digits, line.text_digits)):
            parsed = phonenumbers.parse(number, line.country)
            assert shortnumberinfo.is_valid_short_number_for_region(
                parsed, line.country
            ) or phonenumbers.is_valid_number_for_region(parsed, line.country), (line, number)


def test_988_is_a_line_only_in_the_united_states_and_canada():
    with_988 = CrisisLine.objects.filter(call="988") | CrisisLine.objects.filter(text="988")
    assert set(with_988.values_list("country", flat=True)) == {"US", "CA"}


def test_nhs_111_for_the_united_kingdom_and_beyond_blue_for_australia():
    nhs = CrisisLine.objects.get(name="NHS 111")
    assert (nhs.country, nhs.call) == ("GB", "111") and "mental health option" in nhs.description
    beyond_blue = CrisisLine.objects.get(name="Beyond Blue")
    assert (beyond_blue.country, beyond_blue.call) == ("AU", "1300 22 4636")
    assert [line.name for line in selectors.help_for("AU").lines] == ["Lifeline", "Beyond Blue"]


def test_help_for_a_country_without_lines_has_its_numbers_and_no_other_countrys_lines():
    found = selectors.help_for("DE")
    assert (found.name, found.in_sentence) == ("Germany", "Germany")
    assert found.emergency[0].number == "112" and found.lines == []
    assert selectors.help_for("GB").in_sentence == "the United Kingdom"


# Whose country -----------------------------------------------------------------------------


def test_the_reader_sees_their_organisations_country_else_the_default(participant, org):
    assert selectors.country_for(organisation=None).code == selectors.DEFAULT_COUNTRY
    org.country = "DE"
    assert selectors.country_for(organisation=org) == selectors.CountryFor("DE", "organisation")
    assert selectors.country_for(organisation=org, chosen="fr").code == "FR"
    assert selectors.country_for(organisation=org, chosen="ZZ") == selectors.CountryFor(
        "DE", "organisation", unknown=True
    )


# Pages that ask someone to call -------------------------------------------------------------


def in_german_organisation(org):
    org.country = "DE"
    org.save()


@pytest.mark.parametrize(
    "template", ["journal/_crisis.html", "practice/_crisis_help.html", "safety/_help_now.html"]
)
def test_every_crisis_box_gives_the_readers_own_numbers(template, participant, org):
    in_german_organisation(org)
    request = RequestFactory().get("/")
    request.user = participant
    html = render_to_string(template, request=request)
    assert (
        'call your local emergency number now (in Germany: <a href="tel:112">112</a> or '
        '<a href="tel:110">110</a> for the police).' in html
    )
    assert "911" not in html and "988" not in html and "in the US" not in html


def test_signed_out_readers_get_the_default_countrys_numbers_by_name():
    request = RequestFactory().get("/")
    request.user = None
    html = render_to_string("journal/_crisis.html", request=request)
    assert 'now (in the United States: <a href="tel:911">911</a>).' in html


def test_a_person_in_a_german_organisation_sees_112_on_the_questionnaire_result(
    client, participant, org
):
    in_german_organisation(org)
    client.force_login(participant)
    client.post(reverse("assessments:start", kwargs={"code": "phq9"}))
    draft = Draft.objects.get(instrument="phq9")
    for position, value in enumerate([0, 1, 0, 1, 0, 0, 0, 0, 1], start=1):
        url = reverse("assessments:question", kwargs={"token": draft.token, "position": position})
        client.post(url, {"answer": value})
    review = reverse("assessments:review", kwargs={"token": draft.token})
    html = client.post(review, follow=True).content.decode()
    assert "have to carry this alone" in html
    assert (
        'call your local emergency number now (in Germany: <a href="tel:112">112</a> or '
        '<a href="tel:110">110</a> for the police).' in html
    )
    assert "911" not in html and "988" not in html


# Nothing written in by hand ------------------------------------------------------------------

# A country's emergency number or one of the crisis lines' numbers, as a word of its own (not
# part of a longer number, a colour or a drawing's coordinate: x1="110").
NUMBER = re.compile(
    r"(?<![\w.,#-])(?<!=\")(911|988|999|112|000|111|110|116 ?123|13 ?11 ?14|1300 ?22 ?4636|1737|"
    r"85258|50808|838255)(?![\w.,-])"
)
# Where a number may be written: the table and its reader, and the words-of-danger matcher,
# which looks for these numbers in what people write.
MAY_NAME_A_NUMBER = {"steadfast/safety/emergency.py", "steadfast/safety/language.py"}


def _product_files(*patterns):
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            name = str(path.relative_to(ROOT))
            if "/tests/" in name or "/migrations/" in name or name in MAY_NAME_A_NUMBER:
                continue
            yield name, path


def _strings(source):
    """The text of every string in a Python module (its docstrings and literals)."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            yield str(ast.literal_eval(token.string))
        elif token.type == tokenize.FSTRING_MIDDLE:
            yield token.string


def test_no_template_or_module_writes_in_one_countrys_number():
    found = []
    for name, path in _product_files("templates/**/*.html", "templates/**/*.txt"):
        found += [(name, m) for m in NUMBER.findall(path.read_text(encoding="utf-8"))]
    for name, path in _product_files("steadfast/**/*.py"):
        for text in _strings(path.read_text(encoding="utf-8")):
            found += [(name, m) for m in NUMBER.findall(text)]
    assert found == []


def test_the_check_would_find_a_number_written_in():
    assert NUMBER.findall("call your local emergency number now (911 in the US)") == ["911"]
    assert NUMBER.findall('{% if n == "988" %}<a href="tel:112">') == ["988", "112"]
    assert NUMBER.findall('stroke="#999" y1="110" max_length=1000 100_000') == []
    assert list(_strings('x = "988"\ny = f"call {x} or 911"\n')) == ["988", "call ", " or 911"]
