"""The control-character rule, the id helpers and the id converter (decision 0014)."""

import pytest
from django import forms
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.urls import resolve
from django.urls.exceptions import Resolver404

from steadfast.core.params import MAX_ID, IdConverter, id_param, id_params, parse_id
from steadfast.core.text import (
    MULTI_LINE_MESSAGE,
    SINGLE_LINE_MESSAGE,
    has_control_characters,
    text_problem,
)

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"]


@pytest.mark.parametrize("character", CONTROL)
def test_every_c0_control_and_del_is_refused_in_any_text(character):
    assert has_control_characters(f"a{character}b")
    assert has_control_characters(f"a{character}b", multiline=True)


@pytest.mark.parametrize("character", ["\t", "\n", "\r"])
def test_tab_and_line_breaks_belong_to_multi_line_text_only(character):
    assert text_problem(f"a{character}b") == SINGLE_LINE_MESSAGE
    assert text_problem(f"a{character}b", multiline=True) is None


@pytest.mark.parametrize("text", ["plain", "é🙂 ÿ", "\u00a0\u202e", "\x80\x9f", ""])
def test_other_text_passes_as_typed(text):
    assert text_problem(text) is None
    assert text_problem(text, multiline=True) is None


class Sample(forms.Form):
    line = forms.CharField(required=False)
    box = forms.CharField(required=False, widget=forms.Textarea)
    email = forms.EmailField(required=False)


def test_every_form_char_field_carries_the_rule_with_one_message():
    form = Sample({"line": "a\x00b", "box": "a\x1bb", "email": '"a\x01"@example.org'})
    assert not form.is_valid()
    assert form.errors["line"] == [SINGLE_LINE_MESSAGE]  # Django's own NUL message is gone
    assert form.errors["box"] == [MULTI_LINE_MESSAGE]
    assert SINGLE_LINE_MESSAGE in form.errors["email"]


def test_a_text_box_keeps_its_line_breaks_and_tabs():
    form = Sample({"line": "one line", "box": "first\r\n\tsecond"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["box"] == "first\r\n\tsecond"


def test_a_library_form_carries_the_rule_too():
    from allauth.account.forms import LoginForm

    form = LoginForm(data={"login": "someone@example.org\x7f", "password": "long password"})
    assert not form.is_valid()
    assert SINGLE_LINE_MESSAGE in form.errors["login"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("17", 17),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 30, None),
        ("-1", None),
        ("+1", None),
        (" 1", None),
        ("1.0", None),
        ("²", None),
        ("١٢", None),
        ("abc", None),
        ("", None),
    ],
)
def test_an_id_is_plain_ascii_digits_a_database_id_can_hold(raw, expected):
    assert parse_id(raw) == expected


def test_id_param_is_none_when_missing_and_a_bad_request_when_not_an_id():
    data = QueryDict("due=12&empty=&bad=abc")
    assert id_param(data, "due") == 12
    assert id_param(data, "missing") is None
    assert id_param(data, "empty") is None
    with pytest.raises(BadRequest):
        id_param(data, "bad")


def test_id_params_skips_empty_boxes_and_refuses_anything_else():
    assert id_params(QueryDict("m=1&m=&m=3"), "m") == [1, 3]
    with pytest.raises(BadRequest):
        id_params(QueryDict("m=1&m=²"), "m")


def test_the_id_converter_matches_what_a_database_id_can_be():
    converter = IdConverter()
    assert converter.to_python("42") == 42
    assert converter.to_url(42) == "42"
    with pytest.raises(ValueError, match="larger"):
        converter.to_python(str(MAX_ID + 1))


def test_routes_with_ids_do_not_match_ids_no_database_can_hold():
    assert resolve(f"/journal/{MAX_ID}/").kwargs == {"pk": MAX_ID}
    with pytest.raises(Resolver404):
        resolve(f"/journal/{MAX_ID + 1}/")


@pytest.mark.django_db
def test_an_integer_in_lookup_leaves_out_numbers_no_column_can_hold(participant):
    from steadfast.accounts.models import User

    assert list(User.objects.filter(pk__in=[2**70])) == []
    assert list(User.objects.filter(pk__in=[2**70, -(2**70), participant.pk])) == [participant]
    assert list(User.objects.exclude(pk__in=[2**70]).filter(pk=participant.pk)) == [participant]


@pytest.mark.django_db
def test_a_form_choosing_many_records_refuses_a_number_no_column_can_hold(participant):
    from steadfast.accounts.models import User

    class Choose(forms.Form):
        people = forms.ModelMultipleChoiceField(queryset=User.objects.all())

    form = Choose({"people": [str(participant.pk), "9" * 25]})
    assert not form.is_valid()
    assert "not one of the available choices" in form.errors["people"][0]
