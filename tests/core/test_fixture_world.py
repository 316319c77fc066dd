def test_world_builds_two_districts_with_paths(world):
    assert world.yixian.path == f"{world.city.path}{world.yixian.pk}/"
    assert world.units["yx_a"].scope_path == world.units["yx_a"].union.path
    assert world.workers["yx_a_1"].scope_path == world.units["yx_a"].union.path
    assert world.units["yx_a"].union.path.startswith(world.yixian.path)
