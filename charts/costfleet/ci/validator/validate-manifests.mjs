// Checks the costfleet chart's rendered manifests, kubeconform-style, offline:
//  1. schema: every object against the Kubernetes OpenAPI schema (kubernetes-models' compiled validators,
//     KEDA and Prometheus Operator CRD schemas included): types, required fields, enums, formats;
//  2. strict: no unknown field anywhere (TypeScript excess-property checks against the same models'
//     type declarations, which is what kubeconform -strict does with additionalProperties);
//  3. consistency: the references between objects and the rules of the chart (see checkScenario);
//  4. the Grafana dashboard: valid, and every costfleet_* series it queries is one MetricNames.java
//     declares, and every declared metric is on it.
// Usage: node validate-manifests.mjs --out DIR --metric-names FILE --dashboard FILE
//   DIR holds <scenario>.yaml: helm template output of the chart copy validate.sh prepares (it adds a
//   ConfigMap "ci-introspect" with the merged values and the rendered NOTES.txt).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
for (const required of ["out", "metric-names", "dashboard"]) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}

let passed = 0;
let failed = 0;
function check(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`  ok    ${name}`);
  } else {
    failed++;
    console.log(`  FAIL  ${name}`);
    for (const p of problems.slice(0, 30)) console.log(`        - ${p}`);
    if (problems.length > 30) console.log(`        … ${problems.length - 30} more`);
  }
}

// ---------------------------------------------------------------------------------------------
// Models: apiVersion/kind -> module exporting the class (runtime schema) and the I<Kind> interface.

function modulePath(apiVersion, kind) {
  if (apiVersion === "keda.sh/v1alpha1") return `@kubernetes-models/keda/keda.sh/v1alpha1/${kind}`;
  if (apiVersion === "monitoring.coreos.com/v1") return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const modelCache = new Map();
async function model(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    let cls = null;
    try {
      cls = (await import(modulePath(apiVersion, kind)))[kind] ?? null;
    } catch {
      cls = null;
    }
    modelCache.set(key, cls);
  }
  return modelCache.get(key);
}

const objName = (o) => `${o.kind}/${o.metadata?.name ?? "?"}`;

// ---------------------------------------------------------------------------------------------
// 1 + 2: schema and strict checks

async function schemaProblems(docs) {
  const problems = [];
  for (const o of docs) {
    for (const f of ["apiVersion", "kind"]) if (!o[f]) problems.push(`${objName(o)}: no ${f}`);
    if (!o.metadata?.name) problems.push(`${objName(o)}: no metadata.name`);
    const cls = await model(o.apiVersion, o.kind);
    if (!cls) {
      problems.push(`${objName(o)}: no schema for ${o.apiVersion} ${o.kind} (unknown apiVersion/kind pair)`);
      continue;
    }
    try {
      new cls(o).validate();
    } catch (e) {
      problems.push(`${objName(o)}: ${e.message}`);
    }
  }
  return problems;
}

// One TypeScript program for every scenario (loading the models' declarations dominates the time).
function strictProblems(scenarioDocs) {
  const dir = path.join(here, ".strict");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = new Map();
  for (const [scenario, docs] of scenarioDocs) {
    const file = path.join(dir, `${scenario}.ts`);
    const imports = new Map();
    const lines = [];
    docs.forEach((o, i) => {
      const mod = modulePath(o.apiVersion, o.kind);
      if (!imports.has(mod)) imports.set(mod, `I${o.kind}_${imports.size}`);
      lines.push(`export const doc${i}: ${imports.get(mod)} = ${JSON.stringify(o)};`);
    });
    const header = [...imports].map(([mod, alias]) => `import type { I${mod.split("/").pop()} as ${alias} } from "${mod}";`);
    fs.writeFileSync(file, [...header, ...lines].join("\n") + "\n");
    files.set(file, { scenario, docs, headerLines: header.length });
  }
  const program = ts.createProgram([...files.keys()], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const problems = new Map([...scenarioDocs.keys()].map((s) => [s, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, " ");
    const f = d.file && files.get(d.file.fileName);
    if (f) {
      const docIndex = d.file.getLineAndCharacterOfPosition(d.start).line - f.headerLines;
      problems.get(f.scenario).push(`${docIndex >= 0 ? objName(f.docs[docIndex]) : "imports"}: ${msg}`);
    } else {
      for (const list of problems.values()) list.push(msg);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// 3: consistency rules

const CREDENTIAL_NAME = /(PASSWORD|SECRET|TOKEN|CREDENTIAL|ACCESS_KEY)/i;
const FRAMEWORK = {
  dispatcher: { metrics: "/q/metrics", live: "/q/health/live", ready: "/q/health/ready" },
  worker: { metrics: "/actuator/prometheus", live: "/actuator/health/liveness", ready: "/actuator/health/readiness" },
};
const frameworkOf = (component) => (component === "dispatcher" ? FRAMEWORK.dispatcher : FRAMEWORK.worker);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
function matchesSelector(sel, labels) {
  if (!matches(sel.matchLabels, labels)) return false;
  for (const e of sel.matchExpressions ?? []) {
    const v = labels?.[e.key];
    if (e.operator === "In" && !e.values.includes(v)) return false;
    if (e.operator === "NotIn" && e.values.includes(v)) return false;
    if (e.operator === "Exists" && v === undefined) return false;
    if (e.operator === "DoesNotExist" && v !== undefined) return false;
  }
  return true;
}
function allStrings(value, out = new Set()) {
  if (typeof value === "string") out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => allStrings(v, out));
  return out;
}
const by = (docs, kind) => docs.filter((o) => o.kind === kind);
const podSpecOf = (o) => o.spec?.template?.spec ?? (o.kind === "Pod" ? o.spec : null);

function checkScenario(scenario, docs, values) {
  const by = (kind) => docs.filter((o) => o.kind === kind);
  const named = (kind, name) => docs.find((o) => o.kind === kind && o.metadata.name === name);
  const deployments = by("Deployment");
  const valueStrings = allStrings(values);
  const topology = values.topology.namespace;
  const results = [];

  // labels and selectors
  const labelProblems = [];
  for (const o of docs) {
    for (const l of ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of"]) {
      if (!o.metadata.labels?.[l]) labelProblems.push(`${objName(o)}: label ${l} missing`);
    }
  }
  for (const d of deployments) {
    const sel = d.spec.selector?.matchLabels ?? {};
    if (Object.keys(sel).length === 0) labelProblems.push(`${objName(d)}: empty selector`);
    if (!matches(sel, d.spec.template.metadata?.labels)) labelProblems.push(`${objName(d)}: selector ${JSON.stringify(sel)} does not match its pod labels`);
    const others = deployments.filter((x) => x !== d && matches(sel, x.spec.template.metadata?.labels));
    if (others.length) labelProblems.push(`${objName(d)}: selector also matches ${others.map(objName).join(", ")}`);
  }
  results.push(["labels: standard labels on every object; each Deployment selects exactly its own pods", labelProblems]);

  // Services and PDBs select a Deployment and name its ports
  const svcProblems = [];
  for (const s of by("Service")) {
    const targets = deployments.filter((d) => matches(s.spec.selector, d.spec.template.metadata.labels));
    if (targets.length !== 1) svcProblems.push(`${objName(s)}: selector matches ${targets.length} Deployments`);
    for (const d of targets) {
      const ports = d.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
      for (const p of s.spec.ports) {
        const ok = typeof p.targetPort === "string" ? ports.some((cp) => cp.name === p.targetPort) : ports.some((cp) => cp.containerPort === p.targetPort);
        if (!ok) svcProblems.push(`${objName(s)}: targetPort ${p.targetPort} is no container port of ${objName(d)}`);
      }
    }
  }
  for (const p of by("PodDisruptionBudget")) {
    const targets = deployments.filter((d) => matches(p.spec.selector.matchLabels, d.spec.template.metadata.labels));
    if (targets.length !== 1) svcProblems.push(`${objName(p)}: selector matches ${targets.length} Deployments`);
    if ((p.spec.minAvailable !== undefined) === (p.spec.maxUnavailable !== undefined)) svcProblems.push(`${objName(p)}: needs exactly one of minAvailable / maxUnavailable`);
  }
  results.push(["services and PodDisruptionBudgets select one Deployment; targetPorts are container ports", svcProblems]);

  // pods: probes, volumes, env, security, references
  const podProblems = [];
  const secretRefs = new Set();
  for (const o of [...deployments, ...by("Pod")]) {
    const spec = podSpecOf(o);
    const component = o.metadata.labels["app.kubernetes.io/component"];
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    const mounted = new Set();
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      const where = `${objName(o)} container ${c.name}`;
      const portNames = new Set((c.ports ?? []).map((p) => p.name));
      const portNumbers = new Set((c.ports ?? []).map((p) => p.containerPort));
      for (const probeName of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const probe = c[probeName];
        if (!probe) continue;
        const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
        if (port !== undefined && !(portNames.has(port) || portNumbers.has(port))) podProblems.push(`${where}: ${probeName} port ${port} is no container port`);
      }
      if (spec.containers.includes(c) && o.kind === "Deployment") {
        const fw = frameworkOf(component);
        if (c.livenessProbe?.httpGet?.path !== fw.live) podProblems.push(`${where}: liveness path ${c.livenessProbe?.httpGet?.path}, expected ${fw.live}`);
        if (c.readinessProbe?.httpGet?.path !== fw.ready) podProblems.push(`${where}: readiness path ${c.readinessProbe?.httpGet?.path}, expected ${fw.ready}`);
        if (!c.startupProbe) podProblems.push(`${where}: no startupProbe`);
        const scrapePath = o.spec.template.metadata.annotations?.["prometheus.io/path"];
        if (scrapePath !== undefined && scrapePath !== fw.metrics) podProblems.push(`${where}: prometheus.io/path ${scrapePath}, expected ${fw.metrics}`);
      }
      for (const m of c.volumeMounts ?? []) {
        mounted.add(m.name);
        if (!volumes.has(m.name)) podProblems.push(`${where}: mounts undeclared volume ${m.name}`);
      }
      const defined = new Set();
      for (const e of c.env ?? []) {
        if (defined.has(e.name)) podProblems.push(`${where}: env ${e.name} defined twice`);
        // a credential's value may only be $(ANOTHER_VAR) or the path of a mounted credentials file
        if (e.value !== undefined && CREDENTIAL_NAME.test(e.name) && !/^\$\([A-Z0-9_]+\)$/.test(e.value) && !e.value.startsWith("/var/run/secrets/")) {
          podProblems.push(`${where}: env ${e.name} carries a credential as a plain value`);
        }
        for (const ref of String(e.value ?? "").matchAll(/\$\(([A-Za-z0-9_]+)\)/g)) {
          if (!defined.has(ref[1])) podProblems.push(`${where}: env ${e.name} refers to $(${ref[1]}) which is not defined before it`);
        }
        if (e.valueFrom?.secretKeyRef) secretRefs.add(e.valueFrom.secretKeyRef.name);
        defined.add(e.name);
      }
      if (!c.image || /:latest$/.test(c.image)) podProblems.push(`${where}: image '${c.image}' (empty or :latest)`);
      if (!c.resources?.limits?.memory) podProblems.push(`${where}: no memory limit`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) podProblems.push(`${where}: root filesystem not read-only`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) podProblems.push(`${where}: privilege escalation allowed`);
    }
    if (spec.securityContext?.runAsNonRoot !== true) podProblems.push(`${objName(o)}: runAsNonRoot not set`);
    for (const v of spec.volumes ?? []) {
      if (!mounted.has(v.name)) podProblems.push(`${objName(o)}: volume ${v.name} is never mounted`);
      if (v.secret) secretRefs.add(v.secret.secretName);
      if (v.configMap && !named("ConfigMap", v.configMap.name) && !valueStrings.has(v.configMap.name)) podProblems.push(`${objName(o)}: ConfigMap ${v.configMap.name} is neither rendered nor named in values`);
      if (v.persistentVolumeClaim && !named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName) && !valueStrings.has(v.persistentVolumeClaim.claimName)) {
        podProblems.push(`${objName(o)}: claim ${v.persistentVolumeClaim.claimName} is neither rendered nor storage.pvc.existingClaim`);
      }
    }
    const sa = spec.serviceAccountName;
    if (sa && sa !== "default" && !named("ServiceAccount", sa) && !valueStrings.has(sa)) podProblems.push(`${objName(o)}: ServiceAccount ${sa} is neither rendered nor named in values`);
  }
  results.push(["pods: probe ports and paths, volumes, env order, no plain credentials, limits, security context", podProblems]);

  const secretProblems = [];
  // The only Secret the chart may render is the generated API token: random, never a value.
  const generated = new Set();
  for (const s of by("Secret")) {
    if (s.metadata.annotations?.["costfleet.io/generated"] !== "true" || !s.metadata.name.endsWith("-api-token")) {
      secretProblems.push(`${objName(s)}: the chart renders a Secret; credentials must come from existing Secrets`);
      continue;
    }
    generated.add(s.metadata.name);
    for (const [k, v] of Object.entries(s.data ?? {})) {
      const plain = Buffer.from(v, "base64").toString();
      if (plain.length < 32 || valueStrings.has(plain) || valueStrings.has(v)) secretProblems.push(`${objName(s)}: ${k} is short or comes from the values`);
    }
    if (values.dispatcher.api.existingSecret) secretProblems.push(`${objName(s)}: generated although dispatcher.api.existingSecret is set`);
  }
  for (const s of by("TriggerAuthentication")) for (const r of s.spec.secretTargetRef ?? []) secretRefs.add(r.name);
  for (const name of secretRefs) if (!valueStrings.has(name) && !generated.has(name)) secretProblems.push(`Secret ${name} is referenced but named nowhere in the values`);
  results.push([`secrets: ${secretRefs.size} referenced Secret(s), each named by an existingSecret-style value; only the generated API token rendered`, secretProblems]);

  // autoscaling
  const scaleProblems = [];
  const scaled = new Map();
  for (const a of [...by("HorizontalPodAutoscaler"), ...by("ScaledObject")]) {
    const target = named("Deployment", a.spec.scaleTargetRef.name);
    if (!target) {
      scaleProblems.push(`${objName(a)}: target Deployment ${a.spec.scaleTargetRef.name} is not rendered`);
      continue;
    }
    if (scaled.has(target)) scaleProblems.push(`${objName(target)}: scaled by both ${scaled.get(target)} and ${objName(a)}`);
    scaled.set(target, objName(a));
    if (target.spec.replicas !== undefined) scaleProblems.push(`${objName(target)}: sets spec.replicas although ${objName(a)} owns it`);
    if (a.kind === "ScaledObject") {
      const provider = target.metadata.labels["costfleet.io/provider"];
      const container = target.spec.template.spec.containers[0];
      const envNames = new Set((container.env ?? []).map((e) => e.name));
      for (const t of a.spec.triggers) {
        if (t.type !== "rabbitmq") scaleProblems.push(`${objName(a)}: trigger ${t.type}, expected rabbitmq`);
        if (t.metadata.queueName !== `${topology}.jobs.${provider}`) scaleProblems.push(`${objName(a)}: queue ${t.metadata.queueName}, expected ${topology}.jobs.${provider}`);
        for (const k of ["hostFromEnv", "usernameFromEnv", "passwordFromEnv"]) {
          if (t.metadata[k] && !envNames.has(t.metadata[k])) scaleProblems.push(`${objName(a)}: ${k} ${t.metadata[k]} is not in the worker's environment`);
        }
        if (!t.metadata.hostFromEnv && !t.authenticationRef) scaleProblems.push(`${objName(a)}: neither hostFromEnv nor authenticationRef: KEDA cannot reach the broker`);
        const ref = t.authenticationRef?.name;
        if (ref && !named("TriggerAuthentication", ref) && !valueStrings.has(ref)) scaleProblems.push(`${objName(a)}: TriggerAuthentication ${ref} is neither rendered nor named in values`);
        const ta = ref && named("TriggerAuthentication", ref);
        for (const e of ta?.spec.env ?? []) {
          if (e.containerName !== container.name || !envNames.has(e.name)) scaleProblems.push(`${objName(ta)}: env ${e.name} of container ${e.containerName} does not exist`);
        }
      }
    }
  }
  for (const d of deployments) {
    const provider = d.metadata.labels["costfleet.io/provider"];
    if (!provider) continue;
    const w = values.workers[provider];
    if (w.autoscaling.enabled && !scaled.has(d)) scaleProblems.push(`${objName(d)}: autoscaling enabled but no autoscaler rendered`);
    if (!w.autoscaling.enabled && d.spec.replicas !== w.replicaCount) scaleProblems.push(`${objName(d)}: replicas ${d.spec.replicas}, values say ${w.replicaCount}`);
  }
  results.push(["autoscaling: one autoscaler per scaled worker, on its own queue, with resolvable credentials", scaleProblems]);

  // workers: provider wiring and identity
  const workerProblems = [];
  for (const provider of ["aws", "gcp", "azure"]) {
    const w = values.workers[provider];
    const d = deployments.find((x) => x.metadata.labels["costfleet.io/provider"] === provider);
    if (!w.enabled) {
      if (d) workerProblems.push(`worker ${provider} is disabled but rendered`);
      continue;
    }
    if (!d) {
      workerProblems.push(`worker ${provider} is enabled but not rendered`);
      continue;
    }
    const env = Object.fromEntries((d.spec.template.spec.containers[0].env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
    const expect = {
      COSTFLEET_WORKER_PROVIDER: provider,
      COSTFLEET_WORKER_CONCURRENCY: String(w.concurrency),
      COSTFLEET_TOPOLOGY_NAMESPACE: topology,
    };
    for (const [k, v] of Object.entries(expect)) if (env[k] !== v) workerProblems.push(`${objName(d)}: ${k}=${env[k]}, expected ${v}`);
    const sa = named("ServiceAccount", d.spec.template.spec.serviceAccountName);
    const ann = sa?.metadata.annotations ?? {};
    const wi = w.workloadIdentity;
    if (provider === "aws" && wi.roleArn && ann["eks.amazonaws.com/role-arn"] !== wi.roleArn) workerProblems.push(`${objName(d)}: IRSA role not on its ServiceAccount`);
    if (provider === "gcp" && wi.serviceAccountEmail && ann["iam.gke.io/gcp-service-account"] !== wi.serviceAccountEmail) workerProblems.push(`${objName(d)}: GKE Workload Identity not on its ServiceAccount`);
    if (provider === "azure" && wi.clientId) {
      if (ann["azure.workload.identity/client-id"] !== wi.clientId) workerProblems.push(`${objName(d)}: Azure Workload Identity client id not on its ServiceAccount`);
      if (d.spec.template.metadata.labels["azure.workload.identity/use"] !== "true") workerProblems.push(`${objName(d)}: pod lacks label azure.workload.identity/use`);
    }
    if (w.credentials.existingSecret) {
      const refs = JSON.stringify(d.spec.template.spec);
      if (!refs.includes(`"${w.credentials.existingSecret}"`)) workerProblems.push(`${objName(d)}: credentials Secret ${w.credentials.existingSecret} not used`);
    }
  }
  results.push(["workers: one Deployment per enabled provider, provider env, workload identity on its ServiceAccount", workerProblems]);

  // monitoring
  const monProblems = [];
  const services = by("Service");
  for (const sm of by("ServiceMonitor")) {
    const selected = services.filter((s) => matchesSelector(sm.spec.selector, s.metadata.labels));
    if (selected.length === 0) monProblems.push(`${objName(sm)}: selects no Service`);
    for (const s of selected) {
      const fw = frameworkOf(s.metadata.labels["app.kubernetes.io/component"]);
      for (const ep of sm.spec.endpoints) {
        if (!s.spec.ports.some((p) => p.name === ep.port)) monProblems.push(`${objName(sm)}: port ${ep.port} not on ${objName(s)}`);
        if (ep.path !== fw.metrics) monProblems.push(`${objName(sm)}: path ${ep.path} for ${objName(s)}, expected ${fw.metrics}`);
      }
    }
  }
  const covered = services.filter((s) => by("ServiceMonitor").some((sm) => matchesSelector(sm.spec.selector, s.metadata.labels)));
  if (by("ServiceMonitor").length && covered.length !== services.length) monProblems.push(`Services without a ServiceMonitor: ${services.filter((s) => !covered.includes(s)).map(objName).join(", ")}`);
  for (const cm of by("ConfigMap").filter((c) => c.metadata.labels?.grafana_dashboard !== undefined)) {
    for (const [k, v] of Object.entries(cm.data)) {
      try {
        JSON.parse(v);
      } catch (e) {
        monProblems.push(`${objName(cm)}: ${k} is not JSON: ${e.message}`);
      }
    }
  }
  results.push(["monitoring: ServiceMonitors select every Service on the right port and metrics path; dashboard ConfigMap is JSON", monProblems]);
  return results;
}

// ---------------------------------------------------------------------------------------------
// 4: dashboard against MetricNames.java

function declaredMetrics(javaFile) {
  const src = fs.readFileSync(javaFile, "utf8");
  const out = [];
  const re = /\/\*\*(?:\s|\*(?!\/))*(Counter|Timer|Gauge|DistributionSummary)\b[^*]*(?:\*(?!\/)[^*]*)*\*\/\s*public static final String (\w+) = "([^"]+)";/g;
  for (const m of src.matchAll(re)) {
    const base = m[3].replaceAll(".", "_");
    const series = {
      Counter: [`${base}_total`],
      Timer: [`${base}_seconds_count`, `${base}_seconds_sum`, `${base}_seconds_max`, `${base}_seconds_bucket`],
      DistributionSummary: [`${base}_count`, `${base}_sum`, `${base}_max`, `${base}_bucket`],
      Gauge: [base],
    }[m[1]];
    out.push({ constant: m[2], name: m[3], kind: m[1], series });
  }
  return out;
}

function dashboardProblems(dashboardFile, metrics) {
  const problems = [];
  const constants = (fs.readFileSync(args["metric-names"], "utf8").match(/public static final String \w+ =/g) ?? []).length;
  if (metrics.length !== constants) problems.push(`MetricNames.java declares ${constants} names but only ${metrics.length} carry a Counter/Timer/Gauge Javadoc`);
  let dash;
  try {
    dash = JSON.parse(fs.readFileSync(dashboardFile, "utf8"));
  } catch (e) {
    return [`${dashboardFile}: ${e.message}`];
  }
  const known = new Set(metrics.flatMap((m) => m.series));
  const used = new Set();
  const ids = new Set();
  const panels = dash.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const p of panels) {
    if (ids.has(p.id)) problems.push(`panel id ${p.id} used twice`);
    ids.add(p.id);
    if (p.gridPos.x + p.gridPos.w > 24) problems.push(`panel "${p.title}" is wider than the grid`);
    if (p.type === "row") continue;
    if (!p.targets?.length) problems.push(`panel "${p.title}" has no query`);
    for (const t of p.targets ?? []) {
      for (const m of t.expr.matchAll(/\bcostfleet_[a-z0-9_]+/g)) {
        used.add(m[0]);
        if (!known.has(m[0])) problems.push(`panel "${p.title}" queries ${m[0]}, which no MetricNames constant renders`);
      }
    }
  }
  for (const m of metrics) {
    if (!m.series.some((s) => used.has(s))) problems.push(`${m.constant} (${m.name}) is on no panel`);
  }
  for (const v of dash.templating.list) {
    if (v.type === "query" && !/^label_values\(costfleet_[a-z_]+, [a-z_]+\)$/.test(v.definition)) problems.push(`variable ${v.name}: unexpected query ${v.definition}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

const scenarios = fs.readdirSync(args.out).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5)).sort();
if (scenarios.length === 0) {
  console.error(`no rendered scenarios in ${args.out}`);
  process.exit(2);
}
const parsed = new Map();
for (const scenario of scenarios) {
  const text = fs.readFileSync(path.join(args.out, `${scenario}.yaml`), "utf8");
  const all = YAML.parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === "object");
  // validate.sh renders a copy of the chart with one extra ConfigMap holding the merged values and NOTES.txt.
  const introspect = all.find((o) => o.kind === "ConfigMap" && o.metadata?.name === "ci-introspect");
  if (!introspect) {
    console.error(`${scenario}: no ci-introspect ConfigMap (render through validate.sh)`);
    process.exit(2);
  }
  parsed.set(scenario, { text, introspect, docs: all.filter((o) => o !== introspect) });
}
const strict = strictProblems(new Map([...parsed].map(([s, p]) => [s, p.docs])));
for (const [scenario, { text, introspect, docs }] of parsed) {
  const values = JSON.parse(introspect.data["values.json"]);
  const notes = introspect.data["notes.txt"];
  const kinds = [...new Set(docs.map((o) => o.kind))].sort();
  console.log(`manifests of ${scenario}: ${docs.length} objects (${kinds.join(", ")})`);
  check(`schema: ${docs.length} objects valid against the Kubernetes/KEDA/Prometheus Operator schemas`, await schemaProblems(docs));
  check("strict: no unknown fields", strict.get(scenario));
  for (const [name, problems] of checkScenario(scenario, docs, values)) check(name, problems);
  const notesProblems = [];
  if (/<no value>/.test(text)) notesProblems.push("a template printed <no value> (a missing value)");
  for (const p of ["aws", "gcp", "azure"]) {
    if (values.workers[p].enabled && !notes.includes(`${values.topology.namespace}.jobs.${p}`)) notesProblems.push(`NOTES.txt does not list worker ${p}`);
  }
  if (!notes.includes("kubectl")) notesProblems.push("NOTES.txt has no kubectl hint");
  check("NOTES.txt renders and lists every enabled worker; no <no value> anywhere", notesProblems);
  // validate.sh runs the trust-store init script against a real keytool
  const init = by(docs, "Deployment").flatMap((d) => d.spec.template.spec.initContainers ?? []).find((c) => c.name === "truststore");
  if (init) fs.writeFileSync(path.join(args.out, `${scenario}.truststore.sh`), init.command[2]);
}
const metrics = declaredMetrics(args["metric-names"]);
console.log(`dashboard ${path.basename(args.dashboard)} against ${metrics.length} metrics of MetricNames.java`);
check("dashboard: every costfleet_* series it queries is declared, every declared metric is on a panel", dashboardProblems(args.dashboard, metrics));

console.log(`RESULT passed=${passed} failed=${failed}`);
process.exit(failed ? 1 : 0);
