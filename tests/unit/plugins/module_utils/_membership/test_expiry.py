# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""When access given until a date ends."""

import datetime

import pytest

from ansible_collections.transactionlink.access.plugins.module_utils._membership.expiry import ends_at, has_expired

UTC = datetime.timezone.utc


@pytest.mark.parametrize('value, ends', [
    ('2026-12-31', datetime.datetime(2027, 1, 1, tzinfo=UTC)),  # through the end of that day, UTC
    (' 2026-02-28 ', datetime.datetime(2026, 3, 1, tzinfo=UTC)),
    ('2026-12-31T18:00:00+01:00', datetime.datetime(2026, 12, 31, 17, tzinfo=UTC)),
    ('2026-12-31T17:00:00Z', datetime.datetime(2026, 12, 31, 17, tzinfo=UTC)),
    ('2026-12-31t17:00:00z', datetime.datetime(2026, 12, 31, 17, tzinfo=UTC)),
    (datetime.date(2026, 12, 31), datetime.datetime(2027, 1, 1, tzinfo=UTC)),
    (datetime.datetime(2026, 12, 31, 17, tzinfo=UTC), datetime.datetime(2026, 12, 31, 17, tzinfo=UTC)),
])
def test_ends_at(value, ends):
    assert ends_at(value) == ends


@pytest.mark.parametrize('value, message', [
    ('2026-13-01', "expires '2026-13-01' is not a date or date-time: give a date YYYY-MM-DD"),
    ('31/12/2026', "expires '31/12/2026' is not a date"),
    ('tomorrow', "expires 'tomorrow' is not a date"),
    ('', 'is not a date'),
    (20261231, 'expires 20261231 is not a date'),
    ('2026-12-31T18:00:00', "expires '2026-12-31T18:00:00' has no offset, so it is ambiguous"),
    (datetime.datetime(2026, 12, 31, 17), 'has no offset'),
])
def test_bad_values_say_how_to_fix_them(value, message):
    with pytest.raises(ValueError) as info:
        ends_at(value)
    assert message in str(info.value) and '2026-12-31T18:00:00+01:00' in str(info.value)


def test_has_expired_at_the_instant_access_ends():
    ends = ends_at('2026-12-31')
    assert not has_expired(ends, datetime.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))
    assert has_expired(ends, datetime.datetime(2027, 1, 1, tzinfo=UTC))
    assert not has_expired(None, datetime.datetime(2999, 1, 1, tzinfo=UTC))
