"""Hostile values for form fields and query parameters, and how a request's fields are mutated."""

from hypothesis import strategies as st

HOSTILE: list[str] = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "1\x00",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t",
    "9999999999999999.99",
    "99999999999999999999999999999999999999",
    "1e400",
    "-1e400",
    "1E+20",
    "-0",
    "-0.00",
    "-1",
    "0",
    "NaN",
    "nan",
    "sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "0x1F",
    "1_000",
    "12,50",
    "1.234,56",
    "٣",  # Arabic-Indic digit three: str.isdigit() is True
    "²",  # superscript two: str.isdigit() is True, int() fails
    "½",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "31.02.2026",
    "2026-02-31",
    "2026-13-01",
    "10000-01-01",
    "x" * 10_001,
    "9" * 10_001,
    "\u202eRTL override\u202c",
    "שלום عربى",
    "👩‍👩‍👧‍👦🎉",
    "e\u0301\u0301\u0301\u0301",
    "Z̴̡̛͉̹͚̗̘͖̟",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "DE:1",
    "invoicing.invoice:1",
    "invoicing.invoice:x\x00",
    "true",
    "on",
    "None",
    "[]",
]

#: Text Django and the test client can carry (no lone surrogates, which cannot be encoded in UTF-8).
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)

VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.dates().map(lambda day: day.isoformat()),
)

#: A formset's management form. Huge counts are capped by Django (at 1 000 forms more than the maximum),
#: but rendering that many forms is slow, so they are drawn less often than the other values.
TOTAL_FORMS = st.sampled_from(
    ["-1", "1e400", "NaN", "", "²", "\x00", "0", "3", "abc", "1.5", " 2", "١", "999999999", "2000", "1001"]
)

KEEP, DROP, DUPLICATE, REPLACE = range(4)


@st.composite
def mutated(draw: st.DrawFn, baseline: dict[str, list[str]], optional: dict[str, str]) -> dict[str, list[str]]:
    """``baseline`` with some fields kept, dropped, duplicated or replaced by hostile values, optional
    fields (buttons, unchecked boxes) sometimes added, and sometimes an unexpected field."""
    data: dict[str, list[str]] = {}
    for name, values in baseline.items():
        action = draw(st.sampled_from([KEEP, KEEP, KEEP, DROP, DUPLICATE, REPLACE, REPLACE]))
        hostile = TOTAL_FORMS if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS")) else VALUES
        if action == KEEP:
            data[name] = values
        elif action == DUPLICATE:
            data[name] = [*values, draw(hostile)]
        elif action == REPLACE:
            data[name] = [draw(hostile)]
    for name, value in optional.items():
        if draw(st.booleans()):
            data[name] = [value if draw(st.booleans()) else draw(VALUES)]
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(["\x00", "x" * 1000, "²", "lines-0-quantity", "id"]))] = [draw(VALUES)]
    return data
