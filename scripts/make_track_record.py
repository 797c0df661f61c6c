"""Write the shipped track record (src/realpolitik/validation/data/track-record.json).

Run after any change to a tracked model or to the bundled data:
    python scripts/make_track_record.py
tests/test_track_record.py fails while the shipped file differs from a fresh computation.
"""

from realpolitik.validation.track_record import compute_track_record, shipped_path, to_json

if __name__ == "__main__":
    path = shipped_path()
    path.write_text(to_json(compute_track_record()), encoding="utf-8")
    print(f"wrote {path}")
