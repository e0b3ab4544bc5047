from keyfolio.accounts.models import Account
from keyfolio.activities.tests.factories import make_contact
from keyfolio.stakeholders.models import Attitude
from keyfolio.stakeholders.selectors import ActiveContacts, active_contacts_by_account


def test_it_counts_the_active_contacts_of_many_accounts_in_one_query(
    world, django_assert_num_queries
):
    other = Account.objects.create(workspace=world.workspace, name="Contoso", owner=world.manager)
    quiet = Account.objects.create(workspace=world.workspace, name="Fabrikam")
    make_contact(world.account, "Ann", attitude=Attitude.MENTOR)
    make_contact(world.account, "Bob", attitude=Attitude.SKEPTIC)
    make_contact(world.account, "Gone", attitude=Attitude.MENTOR, active=False)
    make_contact(other, "Cid", attitude=Attitude.NEUTRAL)
    make_contact(quiet, "Left", active=False)
    with django_assert_num_queries(1):
        found = active_contacts_by_account([world.account.pk, other.pk, quiet.pk])
    assert found == {
        world.account.pk: ActiveContacts(2, 0.5, 1, 1),
        other.pk: ActiveContacts(1, 0.0, 0, 0),
    }
