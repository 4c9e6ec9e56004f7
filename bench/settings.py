"""The portal's settings plus the benchmark's reference page.

Only the HTTP benchmark (``bench/http.py``) serves this module; the product's URLconf never
includes the reference page.
"""

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [BASE_DIR / "bench" / "templates", *TEMPLATES[0]["DIRS"]]
