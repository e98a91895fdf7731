"""Read the forms on a page the way a browser does, so a test can send one exactly as it would
be sent (hidden fields included) without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

Value = str | list[str]


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # name, value, text
    text: str = ""

    def data(self, changes: dict[str, Value] | None = None, button: str = "") -> dict[str, Value]:
        """What submitting the form sends: its fields with `changes` applied, plus the named
        submit button (by its text) when the form has more than one."""
        data: dict[str, Value] = {}
        for name, value in self.fields:
            current = data.get(name)
            if current is None:
                data[name] = value
            elif isinstance(current, list):
                current.append(value)
            else:
                data[name] = [current, value]
        for name, value in (changes or {}).items():
            data[name] = value
        if button:
            found = [b for b in self.buttons if b[2] == button]
            assert found, f"no button {button!r} in {[b[2] for b in self.buttons]}"
            name, value, _ = found[0]
            if name:
                data[name] = value
        return data

    def value(self, name: str) -> str:
        values = [v for n, v in self.fields if n == name]
        assert values, f"no field {name!r}"
        return values[0]


class _Parser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, bool] | None = None  # name, multiple
        self.options: list[tuple[str, bool]] = []
        self.option_text: list[str] | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.button: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = Form(
                action=urljoin(self.page_url, a.get("action") or self.page_url),
                method=(a.get("method") or "get").lower(),
            )
            self.forms.append(self.form)
        if self.form is None:
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                self.form.buttons.append((name, a.get("value", ""), a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a and name:
                    self.form.fields.append((name, a.get("value", "on")))
            elif kind != "file" and name:
                self.form.fields.append((name, a.get("value", "")))
        elif tag == "select":
            self.select = (name, "multiple" in a)
            self.options = []
        elif tag == "option" and self.select is not None:
            self.options.append((a.get("value", ""), "selected" in a))
            self.option_text = [] if "value" not in a else None
        elif tag == "textarea":
            self.textarea = (name, [])
        elif tag == "button":
            self.button = (name, a.get("value", ""), [])

    def handle_data(self, data: str) -> None:
        if self.form is not None:
            self.form.text += data
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.button is not None:
            self.button[2].append(data)
        if self.option_text is not None:
            self.option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self.form is None:
            return
        if tag == "option" and self.option_text is not None and self.options:
            value, selected = self.options[-1]
            self.options[-1] = ("".join(self.option_text).strip(), selected)
            self.option_text = None
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [v for v, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.form.fields.extend((name, v) for v in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            self.form.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None
        elif tag == "button" and self.button is not None:
            name, value, parts = self.button
            self.form.buttons.append((name, value, " ".join("".join(parts).split())))
            self.button = None
        elif tag == "form":
            self.form = None


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = _Parser(page_url)
    parser.feed(html)
    return [f for f in parser.forms if f.method == "post"]


def form_on(
    html: str,
    page_url: str,
    *,
    action: str = "",
    button: str = "",
    where: dict[str, str] | None = None,
) -> Form:
    """The one POST form on the page sent to `action` (a path), with a submit button reading
    `button` and the field values in `where`, when given."""
    found = [
        f
        for f in forms_on(html, page_url)
        if (not action or f.action.endswith(action))
        and (not button or any(b[2] == button for b in f.buttons))
        and all((name, value) in f.fields for name, value in (where or {}).items())
    ]
    assert len(found) == 1, f"{len(found)} forms match action={action!r} button={button!r}"
    return found[0]
