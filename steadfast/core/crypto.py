"""Authenticated encryption for data at rest, and keyed hashes for lookups on it.

Keys come from settings (the environment), never from the database. The first Fernet key
encrypts; every key decrypts, so keys can be rotated without downtime (see rotate_keys).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.STEADFAST_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return fernet().decrypt(token.encode()).decode()


def normalise_for_index(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().casefold()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash of a normalised value, for exact-match lookups on an encrypted column.

    `purpose` separates indexes, so equal values in two columns do not produce equal hashes.
    """
    key = settings.STEADFAST_BLIND_INDEX_KEY.encode()
    message = f"{purpose}\x00{normalise_for_index(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
