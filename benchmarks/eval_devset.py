"""Score the library on the shared development set and print each kind against its goal.

Run with ``make eval``. It is a measurement, not a test: it exits 0 whatever the scores.
The cases and the scorer live beside the project, in ``../shared/devset``; another folder of
cases may be named as the first argument (its scorer is the ``score.py`` beside it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Goals per kind: (metric, at least) pairs; warn on clean articles is at most.
GOALS = {
    "clean": [("altered", 0.0, "max"), ("warn", 0.05, "max")],
    "double_llm": [("hit", 0.95, "min"), ("removed", 0.95, "min"), ("kept", 0.995, "min")],
    "double_paraphrase": [("hit", 0.975, "min"), ("removed", 0.97, "min"), ("kept", 0.995, "min")],
    "double_real": [("hit", 1.0, "min"), ("removed", 0.99, "min"), ("kept", 0.995, "min")],
    "same_story": [("hit", 0.9, "min"), ("kept", 0.995, "min")],
    "update_story": [("kept_unique", 0.98, "min"), ("kept", 0.995, "min")],
    "related_story": [("kept_unique", 0.99, "min"), ("kept", 0.995, "min")],
    "templated_pair": [("kept_unique", 0.98, "min")],
}


def main() -> int:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "devset" / "cases"
    cases = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    scorer = cases.resolve().parent / "score.py"
    if not scorer.exists():
        print(f"eval: no development set at {cases} (no score.py beside it)")
        return 0
    run = subprocess.run([sys.executable, str(scorer), str(cases), "dedup-api"],
                         capture_output=True, text=True)
    summary = next((json.loads(line)["summary"] for line in run.stdout.splitlines() if line.startswith("{")), None)
    if summary is None:
        print("eval: the scorer gave no summary\n" + run.stderr[-2000:])
        return 0
    print(f"{'kind':18} {'n':>4}  metric       value   goal    met")
    for kind, goals in GOALS.items():
        row = summary.get(kind, {})
        for metric, goal, how in goals:
            value = row.get(metric)
            if value is None:
                continue
            met = value <= goal if how == "max" else value >= goal
            sign = "<=" if how == "max" else ">="
            print(f"{kind:18} {row.get('n', 0):>4}  {metric:11} {value:6.3f}   {sign}{goal:<6} {'yes' if met else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
