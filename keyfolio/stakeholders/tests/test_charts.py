from keyfolio.stakeholders.charts import org_chart
from keyfolio.stakeholders.models import Contact
from keyfolio.stakeholders.selectors import active_contacts
from keyfolio.stakeholders.tests.factories import make_contact


def names(node) -> list:
    return [node["name"], [names(child) for child in node.get("children", [])]]


def test_it_draws_one_boss_as_the_root_of_a_tree(world):
    ceo = make_contact(world.account, "Clara", influence=5, decision_role="decision_maker")
    make_contact(world.account, "Boris", reports_to=ceo, attitude=-2)
    chart = org_chart("Northwind", active_contacts(world.account))
    assert chart["layout"] == "tree"
    assert names(chart["root"]) == ["Clara", [["Boris", []]]]
    assert chart["root"]["decides"] is True
    assert chart["root"]["children"][0]["attitude"] == "opponent"


def test_it_hangs_several_roots_under_the_account(world):
    make_contact(world.account, "Clara")
    make_contact(world.account, "Dan")
    chart = org_chart("Northwind", active_contacts(world.account))
    assert chart["root"]["name"] == "Northwind"
    assert sorted(child["name"] for child in chart["root"]["children"]) == ["Clara", "Dan"]


def test_it_hides_those_who_left_and_makes_their_reports_roots(world):
    ceo = make_contact(world.account, "Clara")
    gone = make_contact(world.account, "Gone", reports_to=ceo, active=False)
    make_contact(world.account, "Anna", reports_to=gone)
    chart = org_chart("Northwind", active_contacts(world.account))
    assert sorted(child["name"] for child in chart["root"]["children"]) == ["Anna", "Clara"]
    assert "Gone" not in str(chart)


def test_it_falls_back_to_a_graph_when_the_lines_loop(world):
    # The services refuse loops; data written around them must still draw.
    a = make_contact(world.account, "Anna")
    b = make_contact(world.account, "Boris", reports_to=a)
    Contact.objects.filter(pk=a.pk).update(reports_to=b)
    chart = org_chart("Northwind", active_contacts(world.account))
    assert chart["layout"] == "graph"
    assert {(link["source"], link["target"]) for link in chart["links"]} == {
        (str(a.pk), str(b.pk)),
        (str(b.pk), str(a.pk)),
    }


def test_it_links_nodes_to_the_edit_page_when_asked(world):
    make_contact(world.account, "Clara")
    chart = org_chart("Northwind", active_contacts(world.account), url=lambda c: f"/c/{c.pk}/")
    assert chart["root"]["url"].startswith("/c/")
