#!/usr/bin/env python3
"""Checks that the ops files only query what the services really export (no dependencies).

usage: check-ops-queries.py --scrape FILE [--scrape FILE...] [--dashboard JSON...] [--rules YAML...]

The scrapes are Prometheus text expositions taken by the services' PrometheusScrapeIT. For the
Grafana dashboard it also checks the structure: schema version, unique panel ids, a grid position,
the Prometheus data source by uid (`${datasource}` or `prometheus`), unique refIds, a non-empty
`expr` per target, and that the panels an operator needs are there (REQUIRED). For each query
(dashboard targets, alert rule `expr`s), conservatively:
  - every metric name must be a sample name in a scrape (so histogram series must appear as
    `_bucket`/`_count`/`_sum`), except the series Prometheus itself makes (PROMETHEUS_SERIES);
  - every label a selector matches on must be a label of that metric in a scrape, and the value of
    an `=` matcher must occur (except `job` and `instance`, which Prometheus attaches);
  - a name followed by `(` must be a PromQL function or aggregation; a selector without a metric
    name (`{__name__=...}`) is refused, since it cannot be checked.
Exits 1 with one line per problem.
"""
import argparse
import json
import re
import sys

PROMETHEUS_SERIES = {"up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds",
                     "scrape_samples_scraped"}
TARGET_LABELS = {"job", "instance"}
# What the dashboard must query to answer the operator's questions (issue 11, item 4).
REQUIRED = {
    "write rate and conflicts": "http_server_requests_seconds_count",
    "outbox backlog": "outbox_pending_events",
    "outbox backlog age": "outbox_pending_oldest_age_seconds",
    "publish latency": "outbox_publish_latency_seconds_bucket",
    "projector throughput by outcome": "projector_records_total",
    "event lag": "projector_event_lag_seconds_bucket",
    "consumer lag": "kafka_consumer_fetch_manager_records_lag_max",
}
AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                "bottomk", "topk", "quantile", "limitk", "limit_ratio"}
FUNCTIONS = AGGREGATIONS | {
    "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min",
    "day_of_month", "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp",
    "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
    "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "double_exponential_smoothing",
    "hour", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10",
    "minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort",
    "sort_desc", "sort_by_label", "sort_by_label_desc", "sqrt", "time", "timestamp", "vector", "year",
    "avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time",
    "quantile_over_time", "stddev_over_time", "stdvar_over_time", "last_over_time",
    "present_over_time", "mad_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos",
    "cosh", "sin", "sinh", "tan", "tanh", "deg", "rad", "pi", "start", "end",
}
LABEL_LIST_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"}

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
  | (?P<number>(?:0x[0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)(?:ms|[smhdwy])?(?:\d+(?:ms|[smhdwy]))*)
  | (?P<ident>[A-Za-z_:][A-Za-z0-9_:]*)
  | (?P<matchop>=~|!~|!=|==|=)
  | (?P<punct>[{}\[\](),@])
  | (?P<op>[-+*/%^<>]=?|>=|<=)
""", re.VERBOSE)
SAMPLE = re.compile(r'^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{(.*)\})?\s+\S+')
LABEL = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"')
GRAFANA_VARIABLE = re.compile(r"\$(?:\{[^}]*\}|\[\[[^\]]*\]\]|[A-Za-z_][A-Za-z0-9_]*)")


def read_scrape(path, series):
    """Adds {metric: [label dict, ...]} of one text exposition to series."""
    with open(path, encoding="utf-8") as scrape:
        for line in scrape:
            if line.startswith("#") or not line.strip():
                continue
            sample = SAMPLE.match(line)
            if not sample:
                raise SystemExit(f"{path}: cannot read the line {line.strip()!r}")
            labels = {name: value for name, value in LABEL.findall(sample.group(2) or "")}
            series.setdefault(sample.group(1), []).append(labels)


def tokens(expr):
    out = []
    pos = 0
    while pos < len(expr):
        token = TOKEN.match(expr, pos)
        if not token:
            raise ValueError(f"cannot parse at {expr[pos:pos + 20]!r}")
        pos = token.end()
        if token.lastgroup != "ws":
            out.append((token.lastgroup, token.group()))
    return out


def check_expr(expr, series, where):
    """Problems with one query; also returns the metric names it reads."""
    problems, metrics = [], set()
    # Grafana's variables ($__rate_interval, ${datasource}) stand for durations or values.
    expr = GRAFANA_VARIABLE.sub("1m", expr)
    try:
        toks = tokens(expr)
    except ValueError as error:
        return [f"{where}: {error} in {expr!r}"], metrics
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        following = toks[i + 1][1] if i + 1 < len(toks) else None
        if text == "[":  # range or subquery: durations only
            while i < len(toks) and toks[i][1] != "]":
                i += 1
        elif kind == "ident" and text in LABEL_LIST_KEYWORDS:
            if following == "(":
                while i < len(toks) and toks[i][1] != ")":
                    i += 1
        elif kind == "ident" and text in AGGREGATIONS and following in ("by", "without"):
            pass  # sum by (le) (...)
        elif kind == "ident" and following == "(":
            if text not in FUNCTIONS:
                problems.append(f"{where}: unknown function {text}() in {expr!r}")
        elif kind == "ident" and text.lower() in KEYWORDS:
            pass
        elif kind == "ident" or text == "{":
            name = text if kind == "ident" else None
            matchers = []
            if (name and following == "{") or text == "{":
                i += 1 if name is None else 2
                while i < len(toks) and toks[i][1] != "}":
                    if toks[i][1] == ",":
                        i += 1
                        continue
                    try:
                        (lk, label), (_, op), (vk, value) = toks[i], toks[i + 1], toks[i + 2]
                    except (IndexError, ValueError):
                        lk = None
                    if lk != "ident" or vk != "string":
                        problems.append(f"{where}: cannot read the matchers in {expr!r}")
                        break
                    matchers.append((label, op, value[1:-1]))
                    i += 3
            if name is None:
                problems.append(f"{where}: a selector without a metric name cannot be checked: {expr!r}")
            else:
                metrics.add(name)
                problems += check_selector(name, matchers, series, where, expr)
        i += 1
    return problems, metrics


def check_selector(name, matchers, series, where, expr):
    if name in PROMETHEUS_SERIES:
        return []
    if name not in series:
        return [f"{where}: unknown metric {name} (not in the scrapes) in {expr!r}"]
    problems = []
    for label, op, value in matchers:
        if label in TARGET_LABELS:
            continue
        if label == "__name__":
            problems.append(f"{where}: a __name__ matcher cannot be checked: {expr!r}")
        elif not any(label in labels for labels in series[name]):
            problems.append(f"{where}: {name} has no label {label!r} in the scrapes: {expr!r}")
        elif op == "=" and value and not any(labels.get(label) == value for labels in series[name]):
            problems.append(f"{where}: no series {name}{{{label}=\"{value}\"}} in the scrapes: {expr!r}")
    return problems


def panels(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # a collapsed row's panels


def check_dashboard(path, series):
    problems, used = [], set()
    with open(path, encoding="utf-8") as file:
        try:
            dashboard = json.load(file)
        except json.JSONDecodeError as error:
            return [f"{path}: not JSON: {error}"]
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in dashboard:
            problems.append(f"{path}: no {key}")
    if not isinstance(dashboard.get("schemaVersion"), int) or dashboard["schemaVersion"] < 36:
        problems.append(f"{path}: schemaVersion must be a number of at least 36")
    variables = [v.get("name") for v in dashboard.get("templating", {}).get("list", [])]
    ids = set()
    for panel in panels(dashboard):
        where = f"{path}: panel {panel.get('id')} {panel.get('title')!r}"
        if panel.get("id") in ids or not isinstance(panel.get("id"), int):
            problems.append(f"{where}: missing or repeated id")
        ids.add(panel.get("id"))
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("h", "w", "x", "y")) or grid["x"] + grid["w"] > 24:
            problems.append(f"{where}: gridPos needs h, w, x, y within 24 columns")
        if panel.get("type") == "row":
            continue
        if not panel.get("title") or not panel.get("type"):
            problems.append(f"{where}: needs a type and a title")
        targets = panel.get("targets") or []
        if not targets:
            problems.append(f"{where}: no queries")
        refs = [t.get("refId") for t in targets]
        if len(set(refs)) != len(refs) or None in refs:
            problems.append(f"{where}: refIds missing or repeated")
        for source in [panel.get("datasource")] + [t.get("datasource") for t in targets]:
            uid = (source or {}).get("uid")
            if (source or {}).get("type") != "prometheus" or uid not in ("${datasource}", "prometheus"):
                problems.append(f"{where}: data source must be Prometheus by uid ${{datasource}} or prometheus, not {source}")
            if uid == "${datasource}" and "datasource" not in variables:
                problems.append(f"{where}: uses ${{datasource}} but the dashboard has no such variable")
        for target in targets:
            if not str(target.get("expr", "")).strip():
                problems.append(f"{where}: query {target.get('refId')} has no expr")
                continue
            found, metrics = check_expr(target["expr"], series, f"{where} query {target.get('refId')}")
            problems += found
            used |= metrics
    for need, metric in REQUIRED.items():
        if metric not in used:
            problems.append(f"{path}: no panel queries {metric} ({need})")
    return problems


def rule_exprs(path):
    """The `expr` of each rule in a rule file: plain, quoted or a folded/literal block scalar.

    A tiny reader of our own file's shape, not a YAML parser; it must find one expr per rule."""
    with open(path, encoding="utf-8") as file:
        lines = file.read().splitlines()
    exprs, rules = [], 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"\s*-\s+(alert|record):", line):
            rules += 1
        match = re.match(r"(\s*)expr:\s*(.*?)\s*$", line)
        if match:
            indent, value = len(match.group(1)), match.group(2)
            if value in ("", ">", ">-", "|", "|-", ">+", "|+"):
                block = []
                i += 1
                while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                    block.append(lines[i].strip())
                    i += 1
                exprs.append((" " if value.startswith(">") or not value else "\n").join(block).strip())
                continue
            if value[:1] in "\"'" and value[-1:] == value[:1]:
                value = value[1:-1]
            exprs.append(value)
        i += 1
    if len(exprs) != rules or not rules:
        raise SystemExit(f"{path}: found {len(exprs)} exprs for {rules} rules; cannot check it")
    return exprs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scrape", action="append", required=True)
    parser.add_argument("--dashboard", action="append", default=[])
    parser.add_argument("--rules", action="append", default=[])
    args = parser.parse_args()
    series = {}
    for scrape in args.scrape:
        read_scrape(scrape, series)
    problems = []
    for dashboard in args.dashboard:
        problems += check_dashboard(dashboard, series)
    for rules in args.rules:
        for n, expr in enumerate(rule_exprs(rules), 1):
            problems += check_expr(expr, series, f"{rules}: rule {n}")[0]
    for problem in problems:
        print(problem, file=sys.stderr)
    checked = ", ".join(args.dashboard + args.rules)
    if problems:
        print(f"FAIL: {len(problems)} problem(s) in {checked}", file=sys.stderr)
        return 1
    print(f"{checked}: every query names metrics and labels the scrapes have ({len(series)} metrics)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
