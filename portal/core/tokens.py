"""Secret link tokens (client confirmation, budget invitations): 256 bits in the e-mail, only the
SHA-256 in the database, so a database leak does not open any link."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
