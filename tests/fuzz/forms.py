"""The forms a page offers, read from its HTML: which fields a browser would send, with their values."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit


@dataclass
class Form:
    action: str
    method: str
    #: name -> values a browser would send unchanged (checked boxes, selected options, typed text).
    fields: dict[str, list[str]] = field(default_factory=dict)
    #: Named submit buttons and unchecked boxes: sent only when clicked or ticked.
    optional: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urlsplit(attr.get("action") or self.page_path).path or self.page_path
            self._form = Form(action=action, method=(attr.get("method") or "get").lower())
            self.forms.append(self._form)
        form = self._form
        if form is None or tag not in ("input", "select", "option", "textarea", "button"):
            return
        name = attr.get("name", "")
        if tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in ("submit", "image", "button", "reset"):
                form.optional[name] = attr.get("value", "")
            elif kind in ("checkbox", "radio"):
                if "checked" in attr:
                    form.fields.setdefault(name, []).append(attr.get("value", "on"))
                else:
                    form.optional.setdefault(name, attr.get("value", "on"))
            elif kind != "file":
                form.fields.setdefault(name, []).append(attr.get("value", ""))
        elif tag == "button" and name:
            form.optional[name] = attr.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = attr.get("value", "")
            if "selected" in attr:
                self._select_chosen = True
                form.fields.setdefault(self._select, []).append(attr.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if tag == "form":
            self._form = None
        elif form is None:
            return
        elif tag == "select" and self._select:
            if not self._select_chosen:
                form.fields.setdefault(self._select, []).append(self._select_first or "")
            self._select = None
        elif tag == "textarea" and self._textarea:
            form.fields.setdefault(self._textarea, []).append("".join(self._text).removeprefix("\n"))
            self._textarea = None


def forms_on(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    parser.close()
    return parser.forms


def form_for(html: str, page_path: str, action: str, method: str = "post") -> Form | None:
    """The fields of all forms on the page that send to ``action`` with ``method``, merged."""
    merged: Form | None = None
    for form in forms_on(html, page_path):
        if form.action != action or form.method != method:
            continue
        if merged is None:
            merged = Form(action=action, method=method)
        for name, values in form.fields.items():
            merged.fields.setdefault(name, values)
        for name, value in form.optional.items():
            merged.optional.setdefault(name, value)
    return merged
