# Copyright: (c) 2026, transactionlink.access developers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""pass_review() (_policy/settings.py): a converge pass builds a plan document only when something reads it
(its policies, its plan file); the pass's own behaviour with both is tested in tests/unit/plugins/action."""

from ansible_collections.transactionlink.access.plugins.module_utils._policy import settings
from ansible_collections.transactionlink.access.plugins.module_utils._policy.review import PlanReview

POLICIES = {'allowed_email_domains': ['example.com']}


def hosts(**variables):
    return {'Risk': dict(variables), 'Payments': dict(variables)}


def test_a_pass_without_policies_or_plan_file_has_no_review(tmp_path):
    assert settings.pass_review(['Risk', 'Payments'], hosts(), str(tmp_path)) is None
    assert settings.pass_review(['Risk', 'Payments'], hosts(transactionlink_policies={}), str(tmp_path)) is None


def test_policies_or_a_plan_file_each_give_the_pass_its_review(tmp_path):
    with_policies = settings.pass_review(['Risk', 'Payments'], hosts(transactionlink_policies=POLICIES), str(tmp_path))
    assert isinstance(with_policies, PlanReview) and with_policies.policies is not None and with_policies.on_document is None
    with_file = settings.pass_review(['Risk', 'Payments'], hosts(transactionlink_plan_file='plan.json'), str(tmp_path))
    assert isinstance(with_file, PlanReview) and with_file.policies is None and with_file.on_document is not None
