from keyfolio.stakeholders.hierarchy import chain_of_command, has_loop, loop_through


def test_it_follows_the_chain_of_command_to_the_top():
    assert list(chain_of_command(3, {1: None, 2: 1, 3: 2})) == [3, 2, 1]


def test_it_stops_at_a_manager_it_does_not_know():
    assert list(chain_of_command(2, {2: 99})) == [2]


def test_it_stops_rather_than_going_round_a_loop():
    assert list(chain_of_command(1, {1: 2, 2: 1})) == [1, 2]


def test_it_finds_the_loop_a_new_manager_would_close():
    managers = {1: None, 2: 1, 3: 2}
    assert loop_through(1, 3, managers) == [3, 2, 1]
    assert loop_through(3, 1, managers) is None


def test_it_tells_a_forest_from_a_graph_with_a_loop():
    assert not has_loop({1: None, 2: 1, 3: 1, 4: None, 5: 4})
    assert has_loop({1: None, 2: 3, 3: 4, 4: 2})
