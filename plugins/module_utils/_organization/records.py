# -*- coding: utf-8 -*-
# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""For internal use of transactionlink.access (not a public API).

Named records of organization users: read once where they enter, frozen after."""

import dataclasses
from typing import Optional, Tuple

PROFILE_FIELDS = ('first_name', 'last_name', 'title')


@dataclasses.dataclass(frozen=True)
class OrgRole:
    """An organization role (owner, admin, member) as GET /organizations/roles lists it."""
    id: str
    name: str


@dataclasses.dataclass(frozen=True)
class Profile:
    """A user's first name, last name and title (each a string or None)."""
    first_name: Optional[str] = None
    last_name: Optional[str] = None
    title: Optional[str] = None

    def merged(self, given: Tuple[Tuple[str, str], ...]) -> 'Profile':
        """This profile with the GIVEN (field, value) pairs: what is not given is kept."""
        return dataclasses.replace(self, **dict(given))

    def as_dict(self) -> dict:
        return dict((field, getattr(self, field)) for field in PROFILE_FIELDS)


@dataclasses.dataclass(frozen=True)
class OrgUser:
    """A user of the organization: id and e-mail, organization role (by id) and profile."""
    id: str
    email: str
    role_id: str
    profile: Profile


@dataclasses.dataclass(frozen=True)
class Wanted:
    """One requested user: LABEL names it in messages (``users[3]``, or empty for ``user``); REF is the e-mail or UUID
    as given; ORG_ROLE the role reference (None: the role is not compared); GIVEN the profile fields given."""
    label: str
    ref: str
    org_role: Optional[str]
    given: Tuple[Tuple[str, str], ...]


@dataclasses.dataclass(frozen=True)
class Change:
    """A requested user before and after the run (the same when nothing differs)."""
    label: str
    user: OrgUser
    role_before: OrgRole
    role_after: OrgRole
    profile_after: Profile

    @property
    def role_changed(self) -> bool:
        return self.role_before.id != self.role_after.id

    @property
    def profile_changed(self) -> bool:
        return self.user.profile != self.profile_after
