"""What staff see of a confidential e-mail: the text, with every link that may carry a secret masked.

Confirmation and set-password links carry a token in their path (or query); staff must be able to
read what the mail said without being able to use the link. A link keeps its plain leading path
words (``/confirm/``, ``/accounts/password/reset/key/``) so staff see which kind of link it was, and
loses its host and everything from the first segment that is not such a word.
"""

import re
from urllib.parse import urlsplit

URL = re.compile(r"https?://[^\s<>\"'“”„]+")
#: A path segment that names a page rather than carrying data: short, lowercase letters and dashes.
PLAIN_SEGMENT = re.compile(r"[a-z][a-z-]{0,19}")
MASK = "••••"


def mask_link(url: str) -> str:
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    kept: list[str] = []
    for segment in segments:
        if not PLAIN_SEGMENT.fullmatch(segment):
            break
        kept.append(segment)
    if len(kept) == len(segments) and not parts.query and not parts.fragment:
        return url  # a plain page such as the sign-in page: nothing secret in it
    return f"{parts.scheme}://…/{''.join(f'{segment}/' for segment in kept)}{MASK}"


def mask_links(text: str) -> str:
    return URL.sub(lambda match: mask_link(match.group(0)), text)
