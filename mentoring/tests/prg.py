"""Helpers of the post/redirect/get walks (mentoring/tests/test_prg_walk.py and
the sibling walks of the upper apps).

``fill(page_html, action)`` reads one form of a page the way a browser sends
it: hidden fields (the one-time ``submit_token`` among them), typed values,
checked boxes, selected options (the first option of a single select with
none selected), textareas; file inputs and buttons are left out. A case then
overrides the fields it cares about.

``walk(client, case)`` is the check every creating form must pass:
1. the form page offers a ``submit_token``;
2. the first POST answers with a redirect and creates at least one row;
3. a GET of the redirect (the refresh after it) creates nothing;
4. a repeated POST of the same opened form (same token) creates nothing,
   redirects where the first did and says so in Russian.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from mentoring.submit_once import FIELD, REPEATED


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": a.get("method", "get"),
                "fields": [],
            }
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
                return
            fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in a, "options": [], "chosen": []}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select is not None:
            s = self._select
            chosen = s["chosen"] or ([] if s["multiple"] else s["options"][:1])
            self._form["fields"].extend((s["name"], v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._form = None


def fill(html, action, pick=None):
    """The fields of the page's POST form whose action is ``action`` (a path;
    an empty action means the page itself and matches too) as a dict
    ``name → value or list of values``; with ``pick`` (``{"action":
    "entry"}``) the form that carries those values. Fails when there is no
    such form."""
    parser = _Forms()
    parser.feed(html)
    wanted = urlsplit(action).path
    for form in parser.forms:
        if form["method"].lower() != "post":
            continue
        if form["action"] and urlsplit(form["action"]).path != wanted:
            continue
        if not form["action"] and not any(name == FIELD for name, _ in form["fields"]):
            continue
        if pick and not set(pick.items()) <= set(form["fields"]):
            continue
        data = {}
        for name, value in form["fields"]:
            if name in data:
                data[name] = (
                    [*data[name], value] if isinstance(data[name], list) else [data[name], value]
                )
            else:
                data[name] = value
        return data
    raise AssertionError(f"no POST form to {action} on the page")


@dataclass
class Case:
    """One creating form: the page that shows it, where it posts, the fields
    to set on top of what the page fills in, files, and a row counter."""

    page: str
    action: str
    count: object
    data: dict = field(default_factory=dict)
    files: object = None  # callable → dict of fresh uploads (a file is read once)
    drop: tuple = ()  # fields of the page to leave out
    pick: dict = None  # hidden values that tell the form among several on the page
    repeat_message: str = REPEATED


def errors_of(html):
    """Short excerpt of a page answering 200 to a POST, to say why."""
    marks = [i for i in (html.find("invalid-feedback"), html.find("alert-danger")) if i >= 0]
    start = min(marks) if marks else 0
    return html[start : start + 600]


def walk(client, name, case):
    """Run the four checks above for one creating form (see the module)."""
    page = client.get(case.page)
    assert page.status_code == 200, (name, case.page, page.status_code)
    html = page.content.decode()
    data = fill(html, case.action, case.pick)
    assert data.get(FIELD), f"{name}: the form on {case.page} has no {FIELD}"
    for key in case.drop:
        data.pop(key, None)
    data.update(case.data)
    before = case.count()
    first = client.post(case.action, {**data, **(case.files() if case.files else {})})
    assert first.status_code == 302, (name, first.status_code, errors_of(first.content.decode()))
    created = case.count() - before
    assert created >= 1, f"{name}: the first POST created nothing"
    client.get(first["Location"])
    assert case.count() - before == created, f"{name}: the GET after the redirect created"
    again = client.post(case.action, {**data, **(case.files() if case.files else {})})
    assert again.status_code == 302, (name, again.status_code)
    assert again["Location"] == first["Location"], name
    assert case.count() - before == created, f"{name}: a repeated POST created again"
    shown = client.get(again["Location"]).content.decode()
    assert case.repeat_message in shown, (
        f"{name}: the repeat is not explained on {again['Location']}"
    )
