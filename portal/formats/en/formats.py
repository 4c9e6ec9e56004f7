"""English as the cooperative writes it: day before month (4 Dec 2026, 04/12/2026), never US order.

Django's own ``en`` formats are American (``m/d/Y``); members and clients in Germany and Austria
would read 04/12/2026 as the 4th of December, so the portal uses British order. Date inputs of type
``date`` always send ISO dates, which stay the first input format.
"""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-04, what <input type="date"> sends
    "%d/%m/%Y",  # 04/12/2026
    "%d/%m/%y",  # 04/12/26
    "%d.%m.%Y",  # 04.12.2026
    "%d.%m.%y",  # 04.12.26
    "%d %b %Y",  # 4 Dec 2026
    "%d %B %Y",  # 4 December 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
