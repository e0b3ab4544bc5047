"""The workspace's copy of the catalog and its thresholds, made with it or when first read."""

from keyfolio.method.recommendations import CHECK_SUGGESTIONS, CRITERION_SUGGESTIONS
from keyfolio.playbook.catalog import catalog_for, playbook_settings_for
from keyfolio.playbook.models import PlaybookSettings, Recommendation

DEFAULT_COUNT = sum(len(s) for s in [*CRITERION_SUGGESTIONS.values(), *CHECK_SUGGESTIONS.values()])


def test_a_new_workspace_gets_the_default_catalog_and_thresholds(world):
    assert Recommendation.objects.filter(workspace=world.workspace).count() == DEFAULT_COUNT
    assert Recommendation.objects.filter(workspace=world.other_workspace).count() == DEFAULT_COUNT
    assert PlaybookSettings.objects.get(workspace=world.workspace).executive_contact_days == 90
    first = Recommendation.objects.get(
        workspace=world.workspace, check_key="executive_contact", position=0
    )
    assert first.text_ru == CHECK_SUGGESTIONS["executive_contact"][0].text_ru


def test_an_older_workspace_gets_them_on_first_use(world):
    Recommendation.objects.filter(workspace=world.workspace).delete()
    PlaybookSettings.objects.filter(workspace=world.workspace).delete()
    catalog = catalog_for(world.workspace)
    assert len(catalog.for_criterion("relationship")) == len(CRITERION_SUGGESTIONS["relationship"])
    assert Recommendation.objects.filter(workspace=world.workspace).count() == DEFAULT_COUNT
    assert playbook_settings_for(world.workspace).warning_days == 14
    assert PlaybookSettings.objects.filter(workspace=world.workspace).count() == 1


def test_it_does_not_copy_the_catalog_again_once_everything_is_retired(world):
    Recommendation.objects.filter(workspace=world.workspace).update(active=False)
    catalog = catalog_for(world.workspace)
    assert catalog.for_check("resources") == []
    assert Recommendation.objects.filter(workspace=world.workspace).count() == DEFAULT_COUNT


def test_it_keeps_the_admins_order(world):
    rows = Recommendation.objects.filter(workspace=world.workspace, check_key="satisfaction")
    first, second = rows
    first.position, second.position = 5, 1
    first.save()
    second.save()
    assert catalog_for(world.workspace).first_for_check("satisfaction") == second
