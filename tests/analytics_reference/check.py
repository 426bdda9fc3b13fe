#!/usr/bin/env python3
"""Reference check of `talentloop analytics`.

Recomputes every statistic of `analytics.json` from the exported input tables
(`input_people.csv`, `input_competencies.csv`, `input_history.csv`,
`input_forecast_levels.csv`) and the plans export (`plans.json`, for the tracked actions),
with pandas, numpy and scipy, independently of the Rust code, and fails on any difference
beyond rounding. k-anonymity is checked on the way: a figure for fewer than k people must be
suppressed and carry no value.

usage: check.py ANALYTICS_DIR PLANS_JSON
"""

import json
import math
import sys
from collections import defaultdict

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta
from scipy import stats

TOL = 1e-9
TOL_STATS = 1e-7

failures = []


def fail(where, msg):
    failures.append(f"{where}: {msg}")


def close(a, b, tol=TOL):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) and math.isnan(a):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def none_if_nan(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def check_figure(where, fig, value, n, k, tol=TOL, ci=None, p=None):
    """A figure must have our n, be suppressed exactly below k, and then carry nothing."""
    value = none_if_nan(value)
    if fig["n"] != n:
        fail(where, f"n {fig['n']} != {n}")
    if fig["suppressed"] != (n < k):
        fail(where, f"suppressed {fig['suppressed']} with n {n}, k {k}")
    if fig["suppressed"]:
        if fig["value"] is not None or "ci" in fig or "p" in fig:
            fail(where, "suppressed figure shows a value")
        return
    if not close(fig["value"], value, tol):
        fail(where, f"value {fig['value']} != {value}")
    if ci is not None or "ci" in fig:
        got = fig.get("ci")
        if got is None or ci is None or not all(close(a, b, TOL_STATS) for a, b in zip(got, ci)):
            fail(where, f"ci {got} != {ci}")
    if p is not None or "p" in fig:
        if not close(fig.get("p"), none_if_nan(p), TOL_STATS):
            fail(where, f"p {fig.get('p')} != {p}")


def read(path):
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def column(values):
    """A column of Python values (None stays None, not NaN)."""
    return pd.Series(list(values), dtype=object)


def opt_float(s):
    return None if s == "" else float(s)


def opt_int(s):
    return None if s == "" else int(s)


def load(dir_):
    people = read(f"{dir_}/input_people.csv")
    comps = read(f"{dir_}/input_competencies.csv")
    history = read(f"{dir_}/input_history.csv")
    levels = read(f"{dir_}/input_forecast_levels.csv")
    for col in ["rating_rank", "rating_top", "previous_rating_rank", "actions_done", "actions_counted"]:
        people[col] = column(map(opt_int, people[col]))
    for col in ["learning_records", "completed", "goals_rated", "goals_met"]:
        people[col] = people[col].astype(int)
    people["learning_hours"] = people["learning_hours"].astype(float)
    for col in ["dialogue", "learning_ever"]:
        people[col] = people[col] == "true"
    comps["required"] = comps["required"].astype(int)
    comps["level"] = column(map(opt_int, comps["level"]))
    comps["trend"] = column(map(opt_int, comps["trend"]))
    comps["critical"] = comps["critical"] == "true"
    comps["gap"] = column(None if l is None else r - l for r, l in zip(comps["required"], comps["level"]))
    for col in ["completed_in_cycle", "completed_before"]:
        comps[col] = column([x for x in s.split(";") if x] for s in comps[col])
    history["levels_gained"] = history["levels_gained"].astype(int)
    history["changes_known"] = history["changes_known"].astype(int)
    history["learning_hours"] = history["learning_hours"].astype(float)
    levels["level"] = column(map(opt_int, levels["level"]))
    return people, comps, history, levels


# ----- plans -----

def check_actions(plans_path, people):
    with open(plans_path, encoding="utf-8") as f:
        plans = json.load(f)["plans"]
    tracked = {}
    for p in plans:
        prev = p.get("previous")
        if prev is None:
            continue
        acts = prev["actions"]
        tracked[p["talent_id"]] = (
            sum(a["status"] == "done" for a in acts),
            sum(a["status"] != "dropped" for a in acts),
        )
    for _, row in people.iterrows():
        want = tracked.get(row["talent_id"], (None, None))
        got = (row["actions_done"], row["actions_counted"])
        if tuple(None if x is None or (isinstance(x, float) and math.isnan(x)) else int(x) for x in got) != want:
            fail(f"input_people {row['talent_id']}", f"actions {got} != plans export {want}")


# ----- gaps -----

def check_heatmap(name, heat, comps, key, k):
    cells = {(c["group"], c["competency"]): c for c in heat["cells"]}
    want = set()
    for (g, comp), grp in comps[comps[key] != ""].groupby([key, "competency"]):
        want.add((g, comp))
        cell = cells.get((g, comp))
        if cell is None:
            fail(name, f"missing cell {g} × {comp}")
            continue
        gaps = [x for x in grp["gap"] if x is not None]
        n = len(gaps)
        share = np.mean([x > 0 for x in gaps]) if n else None
        mean = np.mean(gaps) if n else None
        check_figure(f"{name} {g} × {comp} share_below", cell["share_below"], share, n, k)
        check_figure(f"{name} {g} × {comp} mean_gap", cell["mean_gap"], mean, n, k)
        if cell["unassessed"] != len(grp) - n:
            fail(name, f"{g} × {comp} unassessed {cell['unassessed']} != {len(grp) - n}")
    if set(cells) != want:
        fail(name, f"cells {sorted(set(cells) ^ want)} differ")
    if heat["groups"] != sorted({g for g, _ in want}) or heat["competencies"] != sorted({c for _, c in want}):
        fail(name, "groups or competencies differ")


def check_shortages(shortages, comps, k):
    rows = []
    for comp, grp in comps.groupby("competency"):
        gaps = [x for x in grp["gap"] if x is not None]
        n = len(gaps)
        below = sum(x > 0 for x in gaps)
        crit = sum(1 for g, c in zip(grp["gap"], grp["critical"]) if g is not None and g > 0 and c)
        rows.append({
            "competency": comp, "n": n,
            "share": below / n if n else None, "mean": float(np.mean(gaps)) if n else None,
            "below": below, "critical": crit,
            "roles": sorted({r for r in grp["role"] if r}),
        })
    neg = float("-inf")

    def shown(x, n):
        return x if (x is not None and n >= k) else None

    rows.sort(key=lambda r: (
        shown(r["share"], r["n"]) is None,
        -(shown(r["share"], r["n"]) if shown(r["share"], r["n"]) is not None else neg),
        -(shown(r["below"], r["n"]) if shown(r["below"], r["n"]) is not None else neg),
        -(shown(r["mean"], r["n"]) if shown(r["mean"], r["n"]) is not None else neg),
        r["competency"],
    ))
    if [s["competency"] for s in shortages] != [r["competency"] for r in rows]:
        fail("shortages", f"order {[s['competency'] for s in shortages]} != {[r['competency'] for r in rows]}")
        return
    for i, (s, r) in enumerate(zip(shortages, rows)):
        w = f"shortage {r['competency']}"
        if s["rank"] != i + 1:
            fail(w, f"rank {s['rank']} != {i + 1}")
        check_figure(f"{w} share_below", s["share_below"], r["share"], r["n"], k)
        check_figure(f"{w} mean_gap", s["mean_gap"], r["mean"], r["n"], k)
        check_figure(f"{w} below", s["below"], r["below"], r["n"], k)
        check_figure(f"{w} critical_below", s["critical_below"], r["critical"], r["n"], k)
        if s["roles"] != r["roles"]:
            fail(w, f"roles {s['roles']} != {r['roles']}")


# ----- per-person derived values -----

def person_values(people, comps, settings):
    by = {t: g for t, g in comps.groupby("talent_id")}
    out = {}
    w = settings["potential_weights"]
    for _, p in people.iterrows():
        g = by.get(p["talent_id"])
        trends = [] if g is None else [x for x in g["trend"] if x is not None]
        gaps = [] if g is None else [x for x in g["gap"] if x is not None]
        growth = float(np.mean(trends)) if trends else None
        speed = 10.0 * sum(trends) / p["learning_hours"] if trends and p["learning_hours"] > 0 else None
        breadth = sum(x <= 0 for x in gaps) / len(gaps) if gaps else None
        parts = {
            "growth": None if growth is None else min(max(growth, 0.0), 1.0),
            "learning_speed": None if speed is None else min(max(speed, 0.0), 1.0),
            "breadth": breadth,
        }
        known = [(parts[n], w[n]) for n in ["growth", "learning_speed", "breadth"] if parts[n] is not None and w[n] > 0]
        total = sum(wt for _, wt in known)
        potential = sum(x * wt for x, wt in known) / total if total > 0 else None
        rank, top = p["rating_rank"], p["rating_top"]
        perf = rank / top if rank is not None and top is not None and top > 0 else None
        prev = p["previous_rating_rank"]
        out[p["talent_id"]] = {
            "growth": growth, "parts": parts, "potential": potential, "performance": perf,
            "rating_change": None if rank is None or prev is None else float(rank - prev),
            "competency_data": g is not None and any(x is not None for x in g["level"]),
        }
    return out


def check_people_table(people, values):
    for _, p in people.iterrows():
        v = values[p["talent_id"]]
        for col, want in [("growth", v["parts"]["growth"]), ("learning_speed", v["parts"]["learning_speed"]),
                          ("breadth", v["parts"]["breadth"]), ("performance", v["performance"]),
                          ("potential", v["potential"])]:
            if not close(opt_float(p[col]), want):
                fail(f"input_people {p['talent_id']} {col}", f"{p[col]} != {want}")


def band(x, t):
    return "low" if x < t[0] else ("medium" if x < t[1] else "high")


def check_nine_box(nb, people, values, settings, k):
    boxes = defaultdict(list)
    unplaced = 0
    hipo = []
    for tid in people["talent_id"]:
        v = values[tid]
        if v["performance"] is None or v["potential"] is None:
            unplaced += 1
            continue
        pb = band(v["performance"], settings["performance_thresholds"])
        qb = band(v["potential"], settings["potential_thresholds"])
        boxes[(pb, qb)].append(tid)
        if qb == "high" and pb in ("medium", "high"):
            hipo.append((tid, v))
    if nb["unplaced"] != unplaced:
        fail("nine_box", f"unplaced {nb['unplaced']} != {unplaced}")
    if len(nb["boxes"]) != 9:
        fail("nine_box", "not nine boxes")
    for b in nb["boxes"]:
        ids = sorted(boxes.get((b["performance"], b["potential"]), []))
        n = len(ids)
        check_figure(f"nine_box {b['performance']}/{b['potential']}", b["people"], n, n, k)
        if b["talent_ids"] != (ids if n >= k else []):
            fail("nine_box", f"{b['performance']}/{b['potential']} people differ")
    if [h["talent_id"] for h in nb["high_potential"]] != [t for t, _ in hipo]:
        fail("nine_box", "high potentials differ")
    for h, (_, v) in zip(nb["high_potential"], hipo):
        if not (close(h["performance"], v["performance"]) and close(h["potential"], v["potential"])):
            fail("high_potential", f"{h['talent_id']} scores differ")


# ----- pilot and maturity -----

def groups(people):
    yield None, people
    for team, g in people[people["team"] != ""].groupby("team"):
        yield team, g


def execution(g):
    rows = [(d, c) for d, c in zip(g["actions_done"], g["actions_counted"])
            if c is not None and not (isinstance(c, float) and math.isnan(c)) and c > 0]
    counted = sum(c for _, c in rows)
    return (sum(d for d, _ in rows) / counted if counted else None), len(rows)


def check_pilot(pilot, people, values, k):
    rows = [pilot["org"]] + pilot["teams"]
    want = list(groups(people))
    if [r["team"] for r in rows] != [t for t, _ in want]:
        fail("pilot", "teams differ")
        return
    for r, (team, g) in zip(rows, want):
        w = f"pilot {team or 'org'}"
        n = len(g)
        if r["people"] != n:
            fail(w, f"people {r['people']} != {n}")
        check_figure(f"{w} dialogue_coverage", r["dialogue_coverage"], g["dialogue"].mean() if n else None, n, k)
        rate, m = execution(g)
        check_figure(f"{w} execution_rate", r["execution_rate"], rate, m, k)
        check_figure(f"{w} participation", r["participation"], (g["learning_records"] > 0).mean() if n else None, n, k)
        hours = float(g["learning_hours"].sum())
        check_figure(f"{w} learning_hours", r["learning_hours"], hours, n, k)
        check_figure(f"{w} learning_hours_mean", r["learning_hours_mean"], hours / n if n else None, n, k)
        rated = g[g["goals_rated"] > 0]
        goals = rated["goals_rated"].sum()
        check_figure(f"{w} goals_met", r["goals_met"], rated["goals_met"].sum() / goals if goals else None, len(rated), k)
        rc = [values[t]["rating_change"] for t in g["talent_id"] if values[t]["rating_change"] is not None]
        check_figure(f"{w} rating_change", r["rating_change"], np.mean(rc) if rc else None, len(rc), k)
        gr = [values[t]["growth"] for t in g["talent_id"] if values[t]["growth"] is not None]
        check_figure(f"{w} level_change", r["level_change"], np.mean(gr) if gr else None, len(gr), k)


def check_maturity(mat, people, values, k):
    resolved = mat["org"]["learning_resolved"]["value"]
    points = [mat["org"]] + mat["teams"]
    want = list(groups(people))
    if [p["team"] for p in points] != [t for t, _ in want]:
        fail("maturity", "teams differ")
        return
    for pt, (team, g) in zip(points, want):
        w = f"maturity {team or 'org'}"
        n = len(g)
        if n >= k and pt["learning_resolved"]["value"] != resolved:
            fail(w, "learning_resolved differs from the org's")
        linked = float(np.mean([x is not None for x in g["rating_rank"]])) if n else None
        comp = float(np.mean([values[t]["competency_data"] for t in g["talent_id"]])) if n else None
        learn = float(g["learning_ever"].mean()) if n else None
        dlg = float(g["dialogue"].mean()) if n else None
        rate, m = execution(g)
        check_figure(f"{w} linked_review", pt["linked_review"], linked, n, k)
        check_figure(f"{w} competency_data", pt["competency_data"], comp, n, k)
        check_figure(f"{w} learning_data", pt["learning_data"], learn, n, k)
        check_figure(f"{w} dialogue_coverage", pt["dialogue_coverage"], dlg, n, k)
        check_figure(f"{w} execution_rate", pt["execution_rate"], rate, m, k)
        xs = [x for x in [linked, comp, learn, resolved] if x is not None]
        ys = [y for y in [dlg, rate if m >= k else None] if y is not None]
        x = float(np.mean(xs)) if xs else None
        y = float(np.mean(ys)) if ys else None
        check_figure(f"{w} integration", pt["integration"], x, n, k)
        check_figure(f"{w} culture", pt["culture"], y, n, k)
        quadrant = None
        if n >= k and x is not None and y is not None:
            quadrant = {(False, False): "starting", (True, False): "data_led",
                        (False, True): "culture_led", (True, True): "closed_loop"}[(x >= mat["threshold"], y >= mat["threshold"])]
        if pt["quadrant"] != quadrant:
            fail(w, f"quadrant {pt['quadrant']} != {quadrant}")


# ----- learning effect -----

def check_effects(le, comps, people, k):
    role = {t: r for t, r in zip(people["talent_id"], people["role"])}
    pairs = sorted({(r, c) for c, done in zip(comps["competency"], comps["completed_in_cycle"]) for r in done})
    got = {(e["resource"], e["competency"]): e for e in le["effects"]}
    want_keys = set()
    for res, comp in pairs:
        strata = defaultdict(lambda: ([], []))
        rows = comps[(comps["competency"] == comp)]
        for _, c in rows.iterrows():
            if c["trend"] is None or c["level"] is None or res in c["completed_before"]:
                continue
            start = c["gap"] + c["trend"]
            s = strata[(role.get(c["talent_id"], ""), start)]
            (s[0] if res in c["completed_in_cycle"] else s[1]).append(float(c["trend"]))
        usable = {key: s for key, s in strata.items() if s[0] and s[1]}
        if not usable:
            continue
        want_keys.add((res, comp))
        e = got.get((res, comp))
        w = f"effect {res} × {comp}"
        if e is None:
            fail(w, "missing")
            continue
        nt = sum(len(s[0]) for s in usable.values())
        nc = sum(len(s[1]) for s in usable.values())
        est = sum(len(s[0]) / nt * (np.mean(s[0]) - np.mean(s[1])) for s in usable.values())
        ss = sum(((np.array(s[0]) - np.mean(s[0])) ** 2).sum() + ((np.array(s[1]) - np.mean(s[1])) ** 2).sum() for s in usable.values())
        df = nt + nc - 2 * len(usable)
        ci = None
        if df > 0:
            var = ss / df * sum((len(s[0]) / nt) ** 2 * (1 / len(s[0]) + 1 / len(s[1])) for s in usable.values())
            half = stats.t.ppf(0.975, df) * math.sqrt(var)
            ci = [est - half, est + half]
        n = min(nt, nc)
        if (e["completers"], e["comparison"], e["strata"]) != (nt, nc, len(usable)):
            fail(w, f"sizes {(e['completers'], e['comparison'], e['strata'])} != {(nt, nc, len(usable))}")
        check_figure(f"{w} completer_change", e["completer_change"], np.mean([x for s in usable.values() for x in s[0]]), nt, k)
        check_figure(f"{w} comparison_change", e["comparison_change"], np.mean([x for s in usable.values() for x in s[1]]), nc, k)
        check_figure(f"{w} effect", e["effect"], est, n, k, ci=ci if n >= k else None)
        if e["df"] != (df if (n >= k and df > 0) else None):
            fail(w, f"df {e['df']} != {df}")
    if set(got) != want_keys:
        fail("learning_effect", f"pairs differ: {sorted(set(got) ^ want_keys)}")


def check_correlations(corrs, people, values, k):
    with_change = people[[values[t]["rating_change"] is not None for t in people["talent_id"]]]
    y = np.array([values[t]["rating_change"] for t in with_change["talent_id"]])
    xs = {"learning_hours": with_change["learning_hours"].to_numpy(float),
          "completed_resources": with_change["completed"].to_numpy(float)}
    if [c["x"] for c in corrs] != list(xs):
        fail("correlations", "variables differ")
        return
    for c in corrs:
        x = xs[c["x"]]
        n = len(y)
        if n >= 3 and np.std(x) > 0 and np.std(y) > 0:
            pr = stats.pearsonr(x, y)
            sr = stats.spearmanr(x, y)
            check_figure(f"pearson {c['x']}", c["pearson"], pr[0], n, k, tol=TOL_STATS, p=pr[1])
            check_figure(f"spearman {c['x']}", c["spearman"], sr[0], n, k, tol=TOL_STATS, p=sr[1])
        else:
            check_figure(f"pearson {c['x']}", c["pearson"], None, n, k)
            check_figure(f"spearman {c['x']}", c["spearman"], None, n, k)


# ----- learning speed -----

def check_speed(sp, history, k):
    counted = history[history["changes_known"] > 0]
    cycles = list(dict.fromkeys(history["cycle"]))
    rows = [sp["org"]] + sp["teams"]
    want = [(None, counted)] + [(t, g) for t, g in counted[counted["team"] != ""].groupby("team")]
    if [r["team"] for r in rows] != [t for t, _ in want]:
        fail("learning_speed", "teams differ")
        return
    for r, (team, g) in zip(rows, want):
        w = f"learning_speed {team or 'org'}"
        if [p["cycle"] for p in r["cycles"]] != cycles:
            fail(w, "cycles differ")
            continue
        for pt in r["cycles"]:
            gc = g[g["cycle"] == pt["cycle"]]
            n = len(gc)
            gained, hours = float(gc["levels_gained"].sum()), float(gc["learning_hours"].sum())
            check_figure(f"{w} {pt['cycle']} levels_gained", pt["levels_gained"], gained, n, k)
            check_figure(f"{w} {pt['cycle']} learning_hours", pt["learning_hours"], hours, n, k)
            check_figure(f"{w} {pt['cycle']} speed", pt["speed"], 10 * gained / hours if hours > 0 else None, n, k)
        gained, hours = float(g["levels_gained"].sum()), float(g["learning_hours"].sum())
        check_figure(f"{w} overall", r["overall"], 10 * gained / hours if hours > 0 else None, g["talent_id"].nunique(), k)


# ----- forecast -----

def check_forecast(fc, people, levels, k):
    from datetime import date
    end = date.fromisoformat(fc["from"])
    if date.fromisoformat(fc["to"]) != end + relativedelta(months=fc_months):
        fail("forecast", "horizon differs")
    lv = {(t, c): l for t, c, l in zip(levels["talent_id"], levels["competency"], levels["level"])}
    for wn in fc["warnings"]:
        w = f"forecast {wn['role']} × {wn['competency']} {wn['effective_from']}"
        eff = date.fromisoformat(wn["effective_from"])
        if not (end < eff <= date.fromisoformat(fc["to"])):
            fail(w, "outside the horizon")
        months = relativedelta(eff, end)
        if wn["months_ahead"] != months.years * 12 + months.months:
            fail(w, f"months_ahead {wn['months_ahead']} != {months.years * 12 + months.months}")
        in_role = people[people["role"] == wn["role"]]["talent_id"]
        n = len(in_role)
        opening = below = unknown = 0
        for t in in_role:
            l = lv.get((t, wn["competency"]))
            if l is None:
                unknown += 1
            elif l >= wn["required_then"]:
                pass
            elif wn["required_now"] is not None and l < wn["required_now"]:
                below += 1
            else:
                opening += 1
        if wn["people"] != n:
            fail(w, f"people {wn['people']} != {n}")
        check_figure(f"{w} opening", wn["opening"], opening, n, k)
        check_figure(f"{w} already_below", wn["already_below"], below, n, k)
        check_figure(f"{w} unassessed", wn["unassessed"], unknown, n, k)


def check_dictionary(dd):
    for d in dd:
        if d["with_value"] > d["rows"] or not close(d["coverage"], d["with_value"] / d["rows"] if d["rows"] else None):
            fail("data_dictionary", f"{d['file']} {d['field']} coverage")


def check_csv_matches_json(dir_, a):
    """The CSV tables carry the JSON's figures (spot check on three tables)."""
    pilot = read(f"{dir_}/pilot.csv")
    for (_, row), r in zip(pilot.iterrows(), [a["pilot"]["org"]] + a["pilot"]["teams"]):
        for name in ["dialogue_coverage", "execution_rate", "goals_met", "level_change"]:
            if not close(opt_float(row[name]), r[name]["value"]) or int(row[f"{name}_n"]) != r[name]["n"]:
                fail("pilot.csv", f"{row['team']} {name} differs from analytics.json")
    eff = read(f"{dir_}/learning_effect.csv")
    for (_, row), e in zip(eff.iterrows(), a["learning_effect"]["effects"]):
        if not close(opt_float(row["effect"]), e["effect"]["value"]) or (row["effect_ci_low"] != "") != ("ci" in e["effect"]):
            fail("learning_effect.csv", f"{row['resource']} differs from analytics.json")
    heat = read(f"{dir_}/gaps_by_team.csv")
    for (_, row), c in zip(heat.iterrows(), a["gaps"]["by_team"]["cells"]):
        if not close(opt_float(row["share_below"]), c["share_below"]["value"]):
            fail("gaps_by_team.csv", f"{row['team']} × {row['competency']} differs from analytics.json")


def check_no_small_group(value, k, path="analytics"):
    """Every object with `n` and `suppressed` below k shows no value, interval or people."""
    if isinstance(value, dict):
        if "n" in value and "suppressed" in value and value["n"] < k:
            if not value["suppressed"] or value.get("value") is not None:
                fail(path, "a group smaller than k is shown")
        if "people" in value and isinstance(value["people"], dict) and value["people"].get("suppressed") and value.get("talent_ids"):
            fail(path, "a suppressed box lists people")
        for key, v in value.items():
            check_no_small_group(v, k, f"{path}.{key}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_no_small_group(v, k, f"{path}[{i}]")


fc_months = 12


def main():
    global fc_months
    dir_, plans_path = sys.argv[1], sys.argv[2]
    with open(f"{dir_}/analytics.json", encoding="utf-8") as f:
        a = json.load(f)
    k = a["min_group_size"]
    s = a["settings"]
    fc_months = s["forecast_months"]
    people, comps, history, levels = load(dir_)
    if a["people"] != len(people):
        fail("people", f"{a['people']} != {len(people)}")
    check_actions(plans_path, people)
    values = person_values(people, comps, s)
    check_people_table(people, values)
    check_heatmap("gaps by team", a["gaps"]["by_team"], comps, "team", k)
    check_heatmap("gaps by role", a["gaps"]["by_role"], comps, "role", k)
    check_shortages(a["gaps"]["shortages"], comps, k)
    check_nine_box(a["nine_box"], people, values, s, k)
    check_pilot(a["pilot"], people, values, k)
    check_effects(a["learning_effect"], comps, people, k)
    check_correlations(a["learning_effect"]["correlations"], people, values, k)
    check_speed(a["learning_speed"], history, k)
    check_forecast(a["forecast"], people, levels, k)
    check_maturity(a["maturity"], people, values, k)
    check_dictionary(a["data_dictionary"])
    check_csv_matches_json(dir_, a)
    check_no_small_group(a, k)
    if failures:
        print(f"{len(failures)} difference(s):")
        for f in failures[:200]:
            print("  " + f)
        sys.exit(1)
    print(f"ok: {dir_} ({len(people)} people, {len(a['learning_effect']['effects'])} learning effects, "
          f"{len(a['forecast']['warnings'])} forecast warnings)")


if __name__ == "__main__":
    main()
