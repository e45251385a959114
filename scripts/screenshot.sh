#!/bin/sh
# Opens a topology in skyplan-studio under a virtual X server and saves a
# screenshot of the whole screen. Needs xvfb-run and ImageMagick's import.
#   scripts/screenshot.sh [topology] [output.png] [build dir]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
topology=${1:-$here/resources/examples/webshop.sky.yaml}
output=${2:-$here/docs/screenshot.png}
build=${3:-$here/build-gui}
studio=${SKYPLAN_STUDIO:-$build/app/studio/skyplan-studio}
[ -x "$studio" ] || { echo "screenshot.sh: $studio not built" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "screenshot.sh: xvfb-run missing" >&2; exit 2; }
command -v import >/dev/null || { echo "screenshot.sh: ImageMagick import missing" >&2; exit 2; }

# A throw-away home, so no remembered window state or recovery file leaks in.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME=$scratch XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data XDG_RUNTIME_DIR=$scratch
export SKYPLAN_RECOVERY_DIR=$scratch/recovery
export SKYPLAN_SCREENSHOT_OUT=$output SKYPLAN_STUDIO=$studio SKYPLAN_TOPOLOGY=$topology

xvfb-run -a -s "-screen 0 1600x1000x24" sh -c '
  "$SKYPLAN_STUDIO" -geometry 1600x1000+0+0 "$SKYPLAN_TOPOLOGY" &
  pid=$!
  sleep "${SKYPLAN_SCREENSHOT_DELAY:-4}"
  import -window root "$SKYPLAN_SCREENSHOT_OUT"
  kill $pid
'
echo "$output"
