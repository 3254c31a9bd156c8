#!/usr/bin/env bash
# Check a gold file: every line is a JSON object with the gold keys, list fields are
# sorted and unique, and every demand_by value is "party/demand" with the party in
# `party` and the demand in `demand` (and every demand has at least one demand_by).
#   eval/gold/check-gold.sh eval/gold/ukraine-media-heldout.jsonl
set -uo pipefail
status=0
for f in "$@"; do
  n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if ! out=$(jq -e -r --argjson n "$n" '
        def lists: ["agency","region","place","person","party","demand","demand_by","must_match","must_not_match"];
        . as $r
        | [ (lists[] as $k
              | if ($r[$k] | type) != "array" then "\($k): not an array"
                elif $r[$k] != ($r[$k] | unique) then "\($k): not sorted and unique"
                else empty end),
            (["dataset","record","title","date","source","notes"][] as $k
              | select($r | has($k) | not) | "missing key \($k)"),
            ($r.demand_by[]? as $p
              | ($p | split("/")) as $s
              | if ($s | length) != 2 then "demand_by \($p): not party/demand"
                elif ($r.party | index($s[0])) == null then "demand_by \($p): \($s[0]) not in party"
                elif ($r.demand | index($s[1])) == null then "demand_by \($p): \($s[1]) not in demand"
                else empty end),
            ($r.demand[]? as $d
              | select([$r.demand_by[] | endswith("/" + $d)] | any | not)
              | "demand \($d): no demand_by pair"),
            ((lists[] as $k | $r[$k][]?, $r.source // empty) | select(type != "string") | "non-string value")
          ]
        | map("\($r.record): " + .) | .[]' <<<"$line" 2>&1); then
      # jq -e fails both on a parse error and on empty output (no problems found)
      if ! jq -e . >/dev/null 2>&1 <<<"$line"; then echo "$f:$n: not JSON"; status=1; fi
    fi
    if [ -n "${out:-}" ]; then printf '%s:%d: %s\n' "$f" "$n" "$out"; status=1; fi
    out=
  done < "$f"
  echo "$f: $n lines checked"
done
exit $status
