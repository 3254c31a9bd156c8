#!/usr/bin/env python3
"""Writes BENCHMARKS.md from the raw figures bench/run keeps (RESULTS_DIR/<corpus>/...).

usage: report.py RESULTS_DIR OUT.md

Hand-written analysis (profiles, why a target is missed) comes from bench/analysis.md and is
put after the tables.
"""
import json
import os
import re
import statistics
import sys

ENGINES = [("parley", "parley-index"), ("parley-j1", "parley-index -j1 (once)"),
           ("parley-shards2", "parley-index --shards 2 (once)"),
           ("omindex", "omindex"), ("fts5", "SQLite FTS5")]
QUERY_RUNS = [
    ("query-parley-plain", "Parley, no facets (run_search)"),
    ("query-parley-facets", "Parley, counts for all 8 facets"),
    ("query-parley-filter", "Parley, all counts + filter party=russia"),
    ("query-parley-shards2", "Parley, all counts, 2 local shards (stub)"),
    ("query-parley-remote2", "Parley, all counts, 2 remote shards (xapian-tcpsrv, loopback)"),
    ("query-xapian", "Xapian QueryParser + Enquire on omindex's db"),
    ("query-fts5", "SQLite FTS5 MATCH, bm25, top 10"),
]
EXEC_RUNS = [
    ("exec-parley-plain", "parley-search --facets none"),
    ("exec-parley-facets", "parley-search (all facet counts)"),
    ("exec-quest", "quest -o and -m 10 on omindex's db"),
    ("exec-sqlite3", "sqlite3 shell, FTS5 MATCH"),
]


def read(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def key_values(text):
    out = {}
    for line in (text or "").splitlines():
        k, _, v = line.partition(": ")
        out[k.strip()] = v.strip()
    return out


def wall_seconds(text):
    m = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, mnt, s = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + float(s)


def time_field(text, name):
    m = re.search(re.escape(name) + r": ([\d.]+)", text)
    return float(m.group(1)) if m else float("nan")


def percentile(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def spread(values, fmt="{:.1f}"):
    if len(values) < 2:
        return fmt.format(values[0]) if values else "-"
    return fmt.format(min(values)) + "–" + fmt.format(max(values))


def corpus_order(name):
    if name == "ukraine-media":
        return (0, 0)
    m = re.match(r"synth-(\d+)", name)
    return (1, int(m.group(1))) if m else (2, name)


def indexing(cdir, articles, mb):
    rows = {}
    for engine, _ in ENGINES:
        runs = []
        r = 1
        while True:
            t = read(os.path.join(cdir, f"index-{engine}-{r}.time"))
            if t is None or "Elapsed" not in t:
                break  # no such run, or one still going (or killed)
            size = read(os.path.join(cdir, f"index-{engine}-{r}.size"), "nan")
            runs.append({
                "wall": wall_seconds(t),
                "cpu": time_field(t, "User time (seconds)") + time_field(t, "System time (seconds)"),
                "rss": time_field(t, "Maximum resident set size (kbytes)") / 1024,
                "size": float(size) / 1e6,
                "exit": time_field(t, "Exit status"),
            })
            r += 1
        if runs:
            compact = read(os.path.join(cdir, f"compact-{engine}.size"))
            rows[engine] = {
                "runs": runs,
                "wall": statistics.median(x["wall"] for x in runs),
                "compact": float(compact) / 1e6 if compact else None,
            }
    return rows


def queries(cdir, name):
    data = read(os.path.join(cdir, name + ".json"))
    if not data:
        return None
    j = json.loads(data)
    samples = [ms for q in j["queries"] for ms in q["ms"]]
    if not samples:
        return None
    rounds = j["rounds"]
    per_round = [statistics.median(q["ms"][r] for q in j["queries"]) for r in range(rounds)]
    kinds = {}
    for q in j["queries"]:
        kinds.setdefault(q["kind"], []).extend(q["ms"])
    return {
        "median": statistics.median(samples),
        "p95": percentile(samples, 95),
        "p99": percentile(samples, 99),
        "rounds": per_round,
        "kinds": {k: statistics.median(v) for k, v in kinds.items()},
        "queries": j["queries"],
    }


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "-"


def main():
    results, out_path = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    corpora = sorted(
        (d for d in os.listdir(results) if os.path.isdir(os.path.join(results, d))),
        key=corpus_order)
    lines = []
    w = lines.append
    w("# Parley benchmarks")
    w("")
    w("Written by `bash bench/run` ([docs/benchmarks.md](docs/benchmarks.md) says what it measures")
    w("and how); every figure below comes from the raw files it keeps in `$PARLEY_BENCH_DIR/results`")
    w("(default /tmp/parley-bench).")
    w("Rerun: `bash bench/run` (all sizes), `bash bench/run --quick` (ukraine-media and 20k),")
    w("`bash bench/run --sizes 100000 --no-real` (one size; the others' figures are kept).")
    w("")
    w("**The machine may be shared and noisy**: other builds and test suites can run on the same")
    w("2 cores (the load average at the start of each corpus is given). Spreads are min–max over")
    w("repeated runs; treat differences under about 20% as noise.")
    w("")
    targets = []
    for name in corpora:
        cdir = os.path.join(results, name)
        summary = read(os.path.join(cdir, "corpus.txt"), "")
        m = re.search(r"(\d+) articles, (\d+) bytes", summary)
        if not m:
            continue
        articles, nbytes = int(m.group(1)), int(m.group(2))
        mb = nbytes / 1e6
        machine = key_values(read(os.path.join(cdir, "machine.txt")))
        elapsed = read(os.path.join(cdir, "elapsed.txt"))
        w(f"## {name}: {articles:,} articles, {mb:.1f} MB")
        w("")
        w(f"- Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, "
          f"{machine.get('ram_gb', '?')} GB RAM, Linux {machine.get('kernel', '?')}; "
          f"Xapian {machine.get('xapian', '?')}, SQLite {machine.get('sqlite', '?')}")
        w(f"- Run: {machine.get('date', '?')}, commit {machine.get('commit', '?')}, load average "
          f"{machine.get('load', '?')} at the start; `{machine.get('command', '?')}`"
          + (f"; the corpus took {int(elapsed) / 60:.0f} min in all" if elapsed else ""))
        w("")
        idx = indexing(cdir, articles, mb)
        if idx:
            w("### Indexing")
            w("")
            w("| engine | runs | wall s (median, spread) | articles/s | MB/s | CPU s | peak RSS MB "
              "| index MB | compacted MB | articles/s vs omindex |")
            w("|---|---|---|---|---|---|---|---|---|---|")
            om = idx.get("omindex")
            for engine, label in ENGINES:
                if engine not in idx:
                    continue
                row = idx[engine]
                runs = row["runs"]
                wall = row["wall"]
                rate = articles / wall
                om_rate = articles / om["wall"] if om else None
                compact = f"{row['compact']:.1f}" if row["compact"] else "-"
                failed = "" if all(r["exit"] == 0 for r in runs) else " (a run exited non-zero)"
                w(f"| {label}{failed} | {len(runs)} | {wall:.1f} ({spread([r['wall'] for r in runs])})"
                  f" | {rate:,.0f} | {mb / wall:.2f} | {statistics.median(r['cpu'] for r in runs):.1f}"
                  f" | {max(r['rss'] for r in runs):.0f} | {statistics.median(r['size'] for r in runs):.1f}"
                  f" | {compact} | {ratio(rate, om_rate)} |")
            w("")
            if "parley" in idx and om:
                p, o = idx["parley"], om
                targets.append((name, "indexing ≥ 1.5× omindex's articles/s",
                                o["wall"] / p["wall"], ">=", 1.5))
                targets.append((name, "index size ≤ omindex's (as written)",
                                statistics.median(r["size"] for r in p["runs"]) /
                                statistics.median(r["size"] for r in o["runs"]), "<=", 1.0))
                if p["compact"] and o["compact"]:
                    targets.append((name, "index size ≤ omindex's (both compacted)",
                                    p["compact"] / o["compact"], "<=", 1.0))
                if name.startswith("synth-400000"):
                    targets.append((name, "peak RSS < 1 GB (MB)",
                                    max(r["rss"] for r in p["runs"]), "<", 1024))
        qs = {k: queries(cdir, k) for k, _ in QUERY_RUNS + EXEC_RUNS}
        if any(qs.values()):
            base = qs.get("query-xapian")
            w("### Queries in-process (warm, after a warm-up pass)")
            w("")
            w("| engine | median ms | p95 ms | p99 ms | median per round | median vs Xapian |")
            w("|---|---|---|---|---|---|")
            for k, label in QUERY_RUNS:
                q = qs.get(k)
                if q:
                    w(f"| {label} | {q['median']:.2f} | {q['p95']:.2f} | {q['p99']:.2f} | "
                      f"{spread(q['rounds'], '{:.2f}')} | "
                      f"{ratio(q['median'], base['median'] if base else None)} |")
            w("")
            kinds = list((qs.get("query-parley-plain") or base or {}).get("kinds", {}).keys())
            if kinds:
                w("Median ms by kind of query (bench/queries.txt):")
                w("")
                w("| engine | " + " | ".join(kinds) + " |")
                w("|---|" + "---|" * len(kinds))
                for k, label in QUERY_RUNS:
                    q = qs.get(k)
                    if q:
                        w(f"| {label} | " +
                          " | ".join(f"{q['kinds'].get(kind, float('nan')):.2f}" for kind in kinds) +
                          " |")
                w("")
            w("### Queries as whole processes (start-up, opening, parsing, rendering)")
            w("")
            w("| command | median ms | p95 ms | p99 ms | median per round | median vs quest |")
            w("|---|---|---|---|---|---|")
            quest = qs.get("exec-quest")
            for k, label in EXEC_RUNS:
                q = qs.get(k)
                if q:
                    w(f"| {label} | {q['median']:.1f} | {q['p95']:.1f} | {q['p99']:.1f} | "
                      f"{spread(q['rounds'])} | "
                      f"{ratio(q['median'], quest['median'] if quest else None)} |")
            w("")
            pp, pf = qs.get("query-parley-plain"), qs.get("query-parley-facets")
            if pp and base:
                targets.append((name, "plain query median ≤ 1.2× Xapian's",
                                pp["median"] / base["median"], "<=", 1.2))
            if pf and name == "ukraine-media":
                targets.append((name, "faceted query median < 5 ms (ms)", pf["median"], "<", 5.0))
            if pp and base:
                w("<details><summary>Hits per query (Parley's exact total, Xapian's estimate, "
                  "FTS5's top-10 rows)</summary>")
                w("")
                w("| query | Parley | Xapian | FTS5 |")
                w("|---|---|---|---|")
                fts = qs.get("query-fts5")
                for i, q in enumerate(pp["queries"]):
                    xq = base["queries"][i]["hits"]
                    fq = fts["queries"][i]["hits"] if fts else "-"
                    w(f"| `{q['query']}` | {q['hits']} | {xq} | {fq} |")
                w("")
                w("</details>")
                w("")
    if targets:
        w("## Targets")
        w("")
        w("| corpus | target | measured | met |")
        w("|---|---|---|---|")
        for name, what, value, op, bound in targets:
            ok = {"<=": value <= bound, ">=": value >= bound, "<": value < bound}[op]
            w(f"| {name} | {what} | {value:.2f} | {'yes' if ok else 'no'} |")
        w("")
    analysis = read(os.path.join(here, "analysis.md"))
    if analysis:
        w(analysis.rstrip())
        w("")
    with open(out_path, "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
