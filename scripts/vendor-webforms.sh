#!/usr/bin/env bash
# Reproduce the vendored ODK Web Forms engine and the Vue runtime it needs from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB_FORMS=0.22.0
VUE=3.5.46
DEST=src/masar/collect/static/collect/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@getodk/web-forms@$WEB_FORMS" "vue@$VUE" >/dev/null)
rm -rf "$DEST/web-forms" "$DEST/vue"
mkdir -p "$DEST/web-forms" "$DEST/vue"
tar xzf "$work/getodk-web-forms-$WEB_FORMS.tgz" -C "$work" package/dist
cp "$work"/package/dist/*.js "$DEST/web-forms/"
# Browsers resolve no bare module names without an import map (an inline script the CSP forbids).
sed -i 's#from "vue"#from "../vue/vue.runtime.esm-browser.prod.js"#' "$DEST"/web-forms/*.js
# The package ships no licence file; its package.json says Apache-2.0.
cp /usr/share/common-licenses/Apache-2.0 "$DEST/web-forms/LICENSE"
rm -rf "$work/package"
tar xzf "$work/vue-$VUE.tgz" -C "$work" package/LICENSE package/dist/vue.runtime.esm-browser.prod.js
cp "$work/package/dist/vue.runtime.esm-browser.prod.js" "$work/package/LICENSE" "$DEST/vue/"
printf '@getodk/web-forms %s and vue %s (runtime ES module build), from npm by scripts/vendor-webforms.sh.\n' \
  "$WEB_FORMS" "$VUE" > "$DEST/README"
