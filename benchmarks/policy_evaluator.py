# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the Rego evaluator alone (regopy, in this process) over a plan document of N changes.

A document of ``--workspaces`` x ``--members`` additions (each member added, so as many members after
them) is built with the collection's own builder, then evaluated three ways: the three shipped policies
allowing it, the same with one policy file of your own (evaluated over the whole document), and with
every member denied (allowed_email_domains names another domain). Pure CPU, no API, no Ansible: the
figure is what policies add to a run of that size on top of the run itself.

Usage: .venv/bin/python benchmarks/policy_evaluator.py [--workspaces 200] [--members 50]
"""

import argparse
import datetime
import os
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'scripts'))
sys.path.insert(0, os.path.join(REPO, 'benchmarks'))

import collection_tree  # noqa: E402 pylint: disable=wrong-import-position
from harness import POLICIES, ROLES  # noqa: E402 pylint: disable=wrong-import-position

OWN = '''package transactionlink.policy

import rego.v1

deny contains msg if {
    some ws in input.workspaces
    ws.workspace == "Risk"
    some change in ws.changes
    change.action == "removed"
    msg := concat("", ["no removals in Risk: ", change.user_id])
}
'''


def document(d, workspaces, members):
    """A plan document (through the collection's builder D) adding MEMBERS users to each of WORKSPACES."""
    now = datetime.datetime.now(datetime.timezone.utc)
    records, n = [], 0
    for w in range(workspaces):
        changes, after = [], []
        for k in range(members):
            n += 1
            user_id, email, role = '%08x-0000-4000-8000-000000000000' % n, 'user%05d@example.com' % n, ROLES[(w + k) % 3]
            changes.append(d.ChangeRecord('added', email, user_id, None, role, d.REQUESTED))
            after.append(d.MemberRecord(email, user_id, role))
        records.append(d.WorkspaceRecord('ws-%03d' % w, '%08x-0000-4000-8000-00000000ffff' % w, 'tlp1-' + '0' * 32,
                                         tuple(changes), tuple(after), host='ws-%03d' % w))
    return d.plan_document(records, now)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--workspaces', type=int, default=200)
    parser.add_argument('--members', type=int, default=50)
    args = parser.parse_args(argv)
    tree = collection_tree.build(os.path.join(tempfile.mkdtemp(prefix='tl-policy-bench-'), 'tree'))
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(tree))))
    from ansible_collections.transactionlink.access.plugins.module_utils._policy import document as d, rego  # noqa: E402
    started = time.process_time()
    plan = document(d, args.workspaces, args.members)
    print('%d changes, %d members after them; document built in %.2f s of CPU' % (
        args.workspaces * args.members, args.workspaces * args.members, time.process_time() - started))
    own = os.path.join(tempfile.mkdtemp(prefix='tl-policy-own-'), 'own.rego')
    with open(own, 'w', encoding='utf-8') as handle:
        handle.write(OWN)
    for label, policies in (('the three shipped policies, allowing', rego.policy_set(POLICIES)),
                            ('the same and one file of your own (whole document)', rego.policy_set(POLICIES, [own])),
                            ('the three shipped policies, every member denied',
                             rego.policy_set(dict(POLICIES, allowed_email_domains=['partner.example'])))):
        cpu, wall = time.process_time(), time.perf_counter()
        found = rego.evaluate(policies, plan)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print('%-52s CPU %.2f s, wall %.2f s, %d denial(s)' % (label, cpu, wall, len(found)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
