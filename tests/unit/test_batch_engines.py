"""The local engine and the pieces every engine relies on: task order,
picklable stage errors, and the Parquet conversion of report lists."""

from __future__ import annotations

import json
import pickle

import pytest

from sitrep.batch import _arrow_table
from sitrep.batch.engines import LocalEngine, make_engine
from sitrep.errors import ConfigError, DecodeError, InputError


def _square_sum(xs):
    return sum(x * x for x in xs)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_local_map_keeps_task_order(workers):
    tasks = [list(range(n)) for n in (7, 0, 3, 12, 1, 5, 9, 2)]
    assert list(LocalEngine(workers).map(_square_sum, tasks)) == [_square_sum(t) for t in tasks]


def test_input_errors_survive_pickling():
    err = DecodeError("feeds/a.jsonl#L3", "not UTF-8")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is DecodeError and isinstance(back, InputError)
    assert (back.source, back.problem, str(back)) == (err.source, err.problem, str(err))


def test_engine_names_and_workers_are_checked():
    with pytest.raises(ConfigError, match="unknown engine 'dask'"):
        make_engine("dask")
    with pytest.raises(ConfigError, match="at least 1"):
        LocalEngine(0)


def test_arrow_table_types_and_json_columns():
    pa = pytest.importorskip("pyarrow")
    rows = [
        {"id": "a", "n": 1, "x": 0.5, "ok": True, "tags": ["p", "q"], "mixed": 3},
        {"id": "b", "n": None, "x": 2, "ok": False, "tags": [], "mixed": "three", "late": "only here"},
    ]
    t = _arrow_table(rows, pa)
    types = {f.name: str(f.type) for f in t.schema}
    assert types == {"id": "string", "n": "int64", "x": "double", "ok": "bool", "tags": "string",
                     "mixed": "string", "late": "string"}
    assert json.loads(t.schema.metadata[b"sitrep.json_columns"]) == ["tags", "mixed"]
    got = t.to_pylist()
    assert got[0]["late"] is None and got[1]["late"] == "only here"
    assert [json.loads(r["mixed"]) for r in got] == [3, "three"]
    assert [r["x"] for r in got] == [0.5, 2.0]
    assert _arrow_table([], pa).num_rows == 0
