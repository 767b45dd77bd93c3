# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared constants and helpers of the role and playbook tests (fixtures: tests/conftest.py)."""

ONBOARD = 'transactionlink.access.onboard'
OFFBOARD = 'transactionlink.access.offboard'
AUDIT = 'transactionlink.access.audit'

# The demo organization's direct memberships as seeded (tests/emulator/seed.py).
DEMO_DIRECT = {
    ('Risk', 'dana.kowalski@example.com'): 'Analyst',
    ('Payments', 'dana.kowalski@example.com'): 'Viewer',
    ('Compliance', 'dana.kowalski@example.com'): 'Admin',
    ('Risk', 'erik.johansson@example.com'): 'Viewer',
    ('Payments', 'fatima.haddad@example.com'): 'Analyst',
    ('Risk', 'adam.admin@example.com'): 'Admin',
}
DEMO_WORKSPACES = ('Compliance', 'Customer Support', 'Payments', 'Risk')
ORG_ADMINS = ('adam.admin@example.com', 'olivia.owner@example.com')


def direct_state(emulator):
    """{(workspace name, e-mail): role name} of the emulator's direct memberships."""
    return {(m['workspace'], m['email']): m['role'] for m in emulator.state()['memberships']}


def task(run, suffix):
    """The result of the task whose name ends with SUFFIX (role tasks are prefixed with the role)."""
    assert run.results is not None, run
    found = [r for r in run.results if r['task_name'].endswith(suffix)]
    assert found, 'no task ending with %r in %s\n%r' % (suffix, [r['task_name'] for r in run.results], run)
    return found[0]


def summary(run, suffix):
    """The msg lines of a summary (debug) task."""
    return task(run, suffix)['msg']


def counts(emulator):
    return emulator.requests()['counts']
