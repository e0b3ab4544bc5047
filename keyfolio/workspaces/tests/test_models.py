from keyfolio.accounts.models import Account
from keyfolio.workspaces.models import Membership, Role


def test_it_reads_role_at_least_one_way_for_a_member_and_for_many(world):
    directors_and_above = Membership.objects.filter(workspace=world.workspace).with_role_at_least(
        Role.DIRECTOR
    )
    emails = set(directors_and_above.values_list("user__email", flat=True))
    assert emails == {"olga@acme.test", "adam@acme.test", "dina@acme.test"}
    for membership in Membership.objects.filter(workspace=world.workspace):
        assert membership.has_role_at_least(Role.DIRECTOR) == (membership.user.email in emails)


def test_it_finds_the_accounts_a_person_owns_or_is_on_the_team_of(world):
    accounts = Account.objects.in_workspace(world.workspace)
    assert list(accounts.owned_or_on_team_of(world.manager.pk)) == [world.account]
    assert list(accounts.owned_or_on_team_of(world.teammate.pk)) == [world.account]
    assert list(accounts.owned_or_on_team_of(world.outsider.pk)) == []
