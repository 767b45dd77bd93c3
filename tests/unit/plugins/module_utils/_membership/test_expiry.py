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


MINUS_ONE = datetime.timezone(datetime.timedelta(hours=-1))
LAST = datetime.datetime.max.replace(tzinfo=UTC)


@pytest.mark.parametrize('value, ends', [
    ('9999-12-31', LAST),  # "never": through the end of the last day a date holds
    (datetime.date(9999, 12, 31), LAST),  # what YAML makes of it unquoted
    ('9999-12-31T23:59:59-01:00', LAST),  # after the last instant in UTC
    (datetime.datetime(9999, 12, 31, 23, 30, tzinfo=MINUS_ONE), LAST),
    ('9999-12-31T22:00:00-01:00', datetime.datetime(9999, 12, 31, 23, tzinfo=UTC)),  # still held: converted
    ('0001-01-01T00:00:00+01:00', datetime.datetime.min.replace(tzinfo=UTC)),  # before the first instant: long over
])
def test_ends_at_the_edges_of_the_date_type_do_not_overflow(value, ends):
    assert ends_at(value) == ends
    now = datetime.datetime(2026, 6, 1, tzinfo=UTC)
    assert has_expired(ends_at(value), now) is (ends.year == 1)


def test_a_year_the_date_type_cannot_hold_is_refused():
    with pytest.raises(ValueError, match="expires '10000-01-01' is not a date or date-time"):
        ends_at('10000-01-01')


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
