"""A learner who hands in twice is one learner, and a class of mixed versions is warned."""

from __future__ import annotations

import os

from balancing_act import progress
from balancing_act.class_report import handins
from balancing_act.class_report import records as class_records


def _export(home, monkeypatch, path, checks: int) -> None:
    monkeypatch.setenv("BALANCING_ACT_HOME", str(home / "record"))
    progress.reset_session()
    for _ in range(checks):
        progress.record("00.1", "check", "correct")
    progress.export_csv(path, learner="ada")


def test_the_later_export_wins_whatever_the_files_are_called(tmp_path, monkeypatch):
    folder = tmp_path / "handed_in"
    folder.mkdir()
    _export(tmp_path, monkeypatch, folder / "b_upload.csv", 1)
    text = (folder / "b_upload.csv").read_text(encoding="utf-8")
    early = text.replace(text.split(",")[-1].split("\n")[0], "2026-01-01T08:00:00+00:00")
    (folder / "b_upload.csv").write_text(early, encoding="utf-8")
    _export(tmp_path, monkeypatch, folder / "a_upload-2.csv", 2)
    os.utime(folder / "b_upload.csv")  # touched last, but exported first: time inside wins
    records, _ = class_records.read_all([folder])
    kept, notes = handins.one_per_learner(records)
    assert [(r.learner, r.source.name) for r in kept] == [("ada", "a_upload-2.csv")]
    assert notes == [f"ada handed in 2 files: the later export, a_upload-2.csv (exported "
                     f"{kept[0].exported_at}), is used; b_upload.csv left out"]
    assert kept[0].exercises["00.1"].solved


def test_mixed_course_versions_are_one_warning_naming_who(tmp_path):
    records = [class_records.LearnerRecord(n, tmp_path / n, course_version=v)
               for n, v in [("ada", "0.1.0"), ("ben", "0.1.0"), ("cy", "0.0.9")]]
    warning = handins.version_warning(records)
    assert warning.startswith("the class's files come from different course versions: "
                              "0.1.0 (2: ada, ben); 0.0.9 (1: cy).")
    assert handins.version_warning(records[:2]) is None
