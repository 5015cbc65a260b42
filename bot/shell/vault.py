"""Sealing a person's saved questions before they reach the database (issue 16).

Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`) with the operator's
BOT_DATA_KEY. Without a key there is no vault, and saving questions says it is off.
A sealed question that no longer opens (the key was changed) is reported, never shown
as garbage; see the README on rotating the key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from bot.shell.config import Secret


class Vault:
    def __init__(self, key: Secret) -> None:
        self._fernet = Fernet(key.reveal().encode("ascii"))

    @classmethod
    def of(cls, key: Secret) -> Vault | None:
        return cls(key) if key else None

    def seal(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def open(self, sealed: bytes) -> str | None:
        """The question, or None when this key cannot open it."""
        try:
            return self._fernet.decrypt(sealed).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            return None
