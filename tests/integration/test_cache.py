"""Map bundles are shared between workers through the file cache, keyed by release and mode."""
from dashboard import create_app
from dashboard.monitor import Monitor
from dashboard.settings import Settings
from dashboard.store import Store
from tests.conftest import DEMO_DIR


def test_second_worker_reads_the_bundle_from_the_shared_cache(tmp_path):
    first = create_app(Settings(data_dir=DEMO_DIR, cache_dir=tmp_path))
    bundle = first.monitor.map_bundle("A1", 2023, "bezirksregion")
    release_dir = tmp_path / first.monitor.dataset.release
    assert any(release_dir.iterdir())
    # a second "worker" whose store cannot answer: the bundle must come from the cache
    second = Monitor(first.monitor.dataset, Store(tmp_path / "kein-datensatz"), cache=first.monitor.cache)
    assert second.map_bundle("A1", 2023, "bezirksregion") == bundle


def test_public_and_internal_bundles_never_share_a_key(tmp_path):
    """Even on one cache object the keys differ by mode (the folders differ too, see test_cache_dir.py)."""
    internal = create_app(Settings(data_dir=DEMO_DIR, cache_dir=tmp_path))
    shared = Monitor(internal.monitor.dataset, internal.monitor.store, public=True, cache=internal.monitor.cache)
    a = internal.monitor.map_bundle("A1", 2024, "planungsraum")
    b = shared.map_bundle("A1", 2024, "planungsraum")
    assert "withheld" in a.hideout and "withheld" not in b.hideout
