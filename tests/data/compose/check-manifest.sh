#!/usr/bin/env bash
# check-manifest.sh [--write | --check]
#
# Runs both Compose consumers over every tests/data/compose/{real,shapes}/*.yml and
# prints the manifest (file, compose129, spec, source) as TSV.
#
#   compose129  `docker-compose -f FILE config -q` (Debian docker-compose 1.29.2), run in the
#               file's folder with an empty environment (env -i; only PATH and a scratch HOME),
#               so ${VAR} without default interpolates to "" and no .env file is read.
#   spec        `compose-spec-check FILE` (Compose Specification JSON schema).
#   source      carried over from the existing manifest.tsv (the README has the details);
#               files new to the manifest get "?" and a warning.
#
#   (no option)  print the regenerated manifest on stdout
#   --write      rewrite manifest.tsv
#   --check      compare with manifest.tsv; exit 1 on any difference, on a file that
#                neither consumer accepts, or on a manifest row whose file is gone.
#
# Environment: DOCKER_COMPOSE (default docker-compose),
#              COMPOSE_SPEC_CHECK (default /work/shared/validators/compose-spec-check).
set -euo pipefail
export LC_ALL=C   # stable glob order, so --check can diff
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/manifest.tsv"
dc="${DOCKER_COMPOSE:-docker-compose}"
spec="${COMPOSE_SPEC_CHECK:-/work/shared/validators/compose-spec-check}"
mode="${1:-}"
case "$mode" in ""|--write|--check) ;; *) echo "usage: $0 [--write|--check]" >&2; exit 2;; esac
command -v "$dc" >/dev/null || { echo "$0: $dc not found" >&2; exit 2; }
[[ -x "$spec" ]] || { echo "$0: $spec not found (set COMPOSE_SPEC_CHECK)" >&2; exit 2; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"

declare -A src=()
if [[ -f "$manifest" ]]; then
  while IFS=$'\t' read -r f _ _ s; do
    [[ "$f" == file ]] && continue
    src["$f"]="$s"
  done < "$manifest"
fi

status=0
out="$scratch/manifest.tsv"
printf 'file\tcompose129\tspec\tsource\n' > "$out"
for dir in real shapes; do
  [[ -e "$here/$dir/.env" ]] && { echo "$0: $dir/.env exists; it would change what docker-compose reads" >&2; exit 2; }
  for path in "$here/$dir"/*.yml; do
    [[ -e "$path" ]] || continue
    rel="$dir/$(basename "$path")"
    if (cd "$here/$dir" && env -i PATH="$PATH" HOME="$scratch/home" \
          "$dc" -f "$(basename "$path")" config -q) >"$scratch/log" 2>&1; then a=ok; else a=fail; fi
    if "$spec" "$path" >"$scratch/log" 2>&1; then b=ok; else b=fail; fi
    s="${src[$rel]:-}"
    if [[ -z "$s" ]]; then
      if [[ "$dir" == shapes ]]; then s="own (hand-written)"; else s="?"; echo "$0: $rel: no source in manifest.tsv" >&2; status=1; fi
    fi
    if [[ "$a" == fail && "$b" == fail ]]; then
      echo "$0: $rel: accepted by neither consumer" >&2; status=1
    fi
    printf '%s\t%s\t%s\t%s\n' "$rel" "$a" "$b" "$s" >> "$out"
  done
done

case "$mode" in
  "") cat "$out" ;;
  --write) cp "$out" "$manifest"; echo "wrote $manifest ($(($(wc -l < "$out") - 1)) files)" >&2 ;;
  --check)
    if [[ ! -f "$manifest" ]]; then echo "$0: no manifest.tsv" >&2; exit 1; fi
    if ! diff -u "$manifest" "$out" >&2; then echo "$0: manifest.tsv is out of date (run --write)" >&2; status=1; fi
    [[ $status -eq 0 ]] && echo "manifest.tsv matches ($(($(wc -l < "$out") - 1)) files)" >&2 ;;
esac
exit $status
