#!/bin/sh
# Validates `skyplan validate --format sarif` output against the SARIF 2.1.0
# JSON schema with ajv, a real JSON-schema validator.
#
# usage: sarif-validate.sh SKYPLAN TOOLS_DIR FILE_OR_DIR...
#
# The schema is not written by hand nor committed: it comes from the npm
# package @microsoft/jest-sarif, which ships Microsoft's SARIF 2.1.0 schema
# (lib/schemas/sarif-2.1.0-rtm.5.json, JSON Schema draft-04) together with
# ajv 6, the ajv that reads draft-04. Both are installed into TOOLS_DIR (a
# build folder) from the npm registry, once. Exit 77 (skipped) when npm or
# the registry is unavailable.
set -eu
skyplan=$1
mkdir -p "$2"
tools=$(cd "$2" && pwd)
shift 2

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "sarif-validate: npm/node not found; skipped" >&2
    exit 77
fi
if [ ! -f "$tools/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ]; then
    mkdir -p "$tools"
    if ! npm install --prefix "$tools" --no-audit --no-fund --ignore-scripts --loglevel=error \
            @microsoft/jest-sarif@1.0.0-beta.0 ajv@6.12.6 >"$tools/npm.log" 2>&1; then
        cat "$tools/npm.log" >&2
        echo "sarif-validate: npm install failed; skipped" >&2
        exit 77
    fi
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
for arg in "$@"; do
    if [ -d "$arg" ]; then set -- "$arg"/*.sky.yaml; else set -- "$arg"; fi
    for file in "$@"; do
        n=$((n + 1))
        # 0 clean, 1 findings: both are valid runs; 2 is a failure.
        status=0
        "$skyplan" validate --format sarif "$file" >"$out/$n.sarif" || status=$?
        if [ "$status" -gt 1 ]; then
            echo "sarif-validate: skyplan failed ($status) on $file" >&2
            exit 1
        fi
        echo "$file" >"$out/$n.name"
    done
done

NODE_PATH="$tools/node_modules" node - "$tools" "$out" "$n" <<'JS'
const [tools, out, count] = process.argv.slice(2);
const fs = require('fs');
const Ajv = require('ajv');
const schema = JSON.parse(fs.readFileSync(tools + '/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'));
const ajv = new Ajv({schemaId: 'id', allErrors: true, format: 'full', logger: false});
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);
let failed = 0, results = 0;
for (let i = 1; i <= Number(count); ++i) {
    const name = fs.readFileSync(`${out}/${i}.name`, 'utf8').trim();
    const log = JSON.parse(fs.readFileSync(`${out}/${i}.sarif`, 'utf8'));
    if (!validate(log)) {
        failed++;
        console.error(`${name}: not valid SARIF 2.1.0:\n` + JSON.stringify(validate.errors, null, 2));
        continue;
    }
    results += log.runs[0].results.length;
    console.log(`${name}: valid SARIF 2.1.0 (${log.runs[0].results.length} results)`);
}
// The validator must also reject: a result with a level SARIF does not define.
const broken = JSON.parse(fs.readFileSync(`${out}/1.sarif`, 'utf8'));
broken.runs[0].results.push({ruleId: 'SP-X', level: 'fatal', message: {text: 'x'}});
if (validate(broken)) {
    console.error('sarif-validate: the schema accepted an invalid log; the check proves nothing');
    failed++;
}
if (results === 0) {
    console.error('sarif-validate: no file produced any result; the check proves little');
    failed++;
}
process.exit(failed ? 1 : 0);
JS
