{{/* Names ---------------------------------------------------------------------------------- */}}

{{- define "costfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "costfleet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of a component's objects: <fullname>-<component>, component = dispatcher | worker-<provider>. */}}
{{- define "costfleet.componentName" -}}
{{- printf "%s-%s" (include "costfleet.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "costfleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels -------------------------------------------------------------------------------- */}}

{{/* Selector labels of a component; args: dict root component. */}}
{{- define "costfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "costfleet.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of a component's objects; args: dict root component. */}}
{{- define "costfleet.labels" -}}
helm.sh/chart: {{ include "costfleet.chart" .root }}
{{ include "costfleet.selectorLabels" . }}
app.kubernetes.io/part-of: costfleet
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Images -------------------------------------------------------------------------------- */}}

{{/* Image reference of a component; args: dict root image (the component's image values). */}}
{{- define "costfleet.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $repo := .image.repository -}}
{{- if $registry -}}{{- $repo = printf "%s/%s" (trimSuffix "/" $registry) $repo -}}{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repo .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* Service accounts ---------------------------------------------------------------------- */}}

{{/* args: dict root component values */}}
{{- define "costfleet.serviceAccountName" -}}
{{- if .values.serviceAccount.create -}}
{{- default (include "costfleet.componentName" .) .values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Storage -------------------------------------------------------------------------------- */}}

{{- define "costfleet.storageClaimName" -}}
{{- if .Values.storage.pvc.existingClaim -}}
{{- .Values.storage.pvc.existingClaim -}}
{{- else -}}
{{- printf "%s-storage" (include "costfleet.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Connection settings -------------------------------------------------------------------- */}}

{{/* Environment shared by every app: broker, Redis, topology, storage, logging, JVM. args: dict root values framework(spring|quarkus) */}}
{{- define "costfleet.commonEnv" -}}
{{- $v := .root.Values -}}
- name: COSTFLEET_TOPOLOGY_NAMESPACE
  value: {{ $v.topology.namespace | quote }}
{{- /* Workers connect through Spring AMQP's connection factory (spring.rabbitmq.*), the dispatcher through costfleet.rabbitmq.*. */}}
{{- $spring := eq .framework "spring" }}
{{- $p := ternary "SPRING_RABBITMQ" "COSTFLEET_RABBITMQ" $spring }}
- name: {{ $p }}_HOST
  value: {{ $v.rabbitmq.host | quote }}
- name: {{ $p }}_PORT
  value: {{ $v.rabbitmq.port | quote }}
- name: {{ ternary "SPRING_RABBITMQ_VIRTUAL_HOST" "COSTFLEET_RABBITMQ_VHOST" $spring }}
  value: {{ $v.rabbitmq.virtualHost | quote }}
{{- if $v.rabbitmq.auth.usernameKey }}
- name: {{ $p }}_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $v.rabbitmq.auth.existingSecret }}
      key: {{ $v.rabbitmq.auth.usernameKey }}
{{- else }}
- name: {{ $p }}_USERNAME
  value: {{ $v.rabbitmq.username | quote }}
{{- end }}
{{- if $v.rabbitmq.auth.existingSecret }}
- name: {{ $p }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.rabbitmq.auth.existingSecret }}
      key: {{ $v.rabbitmq.auth.passwordKey }}
{{- end }}
- name: {{ ternary "SPRING_RABBITMQ_SSL_ENABLED" "COSTFLEET_RABBITMQ_TLS" $spring }}
  value: {{ $v.rabbitmq.tls.enabled | quote }}
- name: COSTFLEET_REDIS_HOST
  value: {{ $v.redis.host | quote }}
- name: COSTFLEET_REDIS_PORT
  value: {{ $v.redis.port | quote }}
{{- if $v.redis.auth.usernameKey }}
- name: COSTFLEET_REDIS_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $v.redis.auth.existingSecret }}
      key: {{ $v.redis.auth.usernameKey }}
{{- else if $v.redis.username }}
- name: COSTFLEET_REDIS_USERNAME
  value: {{ $v.redis.username | quote }}
{{- end }}
{{- if $v.redis.auth.existingSecret }}
- name: COSTFLEET_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $v.redis.auth.existingSecret }}
      key: {{ $v.redis.auth.passwordKey }}
{{- end }}
- name: COSTFLEET_REDIS_TLS
  value: {{ $v.redis.tls.enabled | quote }}
- name: COSTFLEET_REDIS_KEY_PREFIX
  value: {{ $v.redis.keyPrefix | quote }}
- name: COSTFLEET_REDIS_CONNECT_TIMEOUT
  value: {{ $v.redis.connectTimeout | quote }}
- name: COSTFLEET_REDIS_SOCKET_TIMEOUT
  value: {{ $v.redis.socketTimeout | quote }}
- name: COSTFLEET_REDIS_POOL_SIZE
  value: {{ $v.redis.poolSize | quote }}
- name: COSTFLEET_STORAGE_ROOT
  value: {{ $v.storage.mountPath | quote }}
{{- include "costfleet.loggingEnv" . }}
- name: JAVA_TOOL_OPTIONS
  value: {{ include "costfleet.javaToolOptions" . | quote }}
{{- end -}}

{{/* Logging: JSON lines with MDC (costfleet.jobId, costfleet.provider, traceId, spanId). args: dict root framework */}}
{{- define "costfleet.loggingEnv" -}}
{{- $l := .root.Values.logging -}}
{{- if eq .framework "spring" }}
{{- if eq $l.format "json" }}
- name: LOGGING_STRUCTURED_FORMAT_CONSOLE
  value: {{ $l.springStructuredFormat | quote }}
- name: SPRING_MAIN_BANNER_MODE
  value: "off"
- name: LOGGING_STRUCTURED_ECS_SERVICE_NAME
  value: {{ include "costfleet.componentName" . | quote }}
- name: LOGGING_STRUCTURED_ECS_SERVICE_VERSION
  value: {{ .root.Chart.AppVersion | quote }}
{{- end }}
- name: LOGGING_LEVEL_ROOT
  value: {{ $l.level | quote }}
- name: LOGGING_LEVEL_IO_COSTFLEET
  value: {{ $l.costfleetLevel | quote }}
{{- else }}
- name: QUARKUS_LOG_CONSOLE_JSON_ENABLED
  value: {{ eq $l.format "json" | quote }}
{{- if eq $l.format "json" }}
- name: QUARKUS_LOG_CONSOLE_JSON_LOG_FORMAT
  value: "ecs"
{{- end }}
- name: QUARKUS_LOG_LEVEL
  value: {{ $l.level | quote }}
- name: QUARKUS_LOG_CATEGORY__IO_COSTFLEET__LEVEL
  value: {{ $l.costfleetLevel | quote }}
{{- end }}
{{- end -}}

{{/* JAVA_TOOL_OPTIONS: the component's javaOpts plus the trust store built from the CA Secrets. args: dict root values */}}
{{- define "costfleet.javaToolOptions" -}}
{{- $opts := list .values.javaOpts -}}
{{- if include "costfleet.needsTruststore" .root -}}
{{- $opts = append $opts "-Djavax.net.ssl.trustStore=/etc/costfleet/truststore/truststore.p12 -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=changeit" -}}
{{- end -}}
{{- join " " (compact $opts) -}}
{{- end -}}

{{/* Non-empty when a CA Secret has to be added to the JVM trust store. */}}
{{- define "costfleet.needsTruststore" -}}
{{- $v := .Values -}}
{{- if or (and $v.rabbitmq.tls.enabled $v.rabbitmq.tls.caSecret) (and $v.redis.tls.enabled $v.redis.tls.caSecret) -}}true{{- end -}}
{{- end -}}

{{/* Pod pieces ----------------------------------------------------------------------------- */}}

{{/* Init container that builds a PKCS12 trust store: the JVM's CA certificates plus the broker's and Redis's CA. args: dict root values component */}}
{{- define "costfleet.truststoreInit" -}}
{{- $v := .root.Values -}}
- name: truststore
  image: {{ include "costfleet.image" (dict "root" .root "image" .values.image) }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  command:
    - /bin/sh
    - -ec
    - |
      keytool -importkeystore -noprompt -srckeystore "$JAVA_HOME/lib/security/cacerts" -srcstorepass changeit \
        -destkeystore /truststore/truststore.p12 -deststoretype PKCS12 -deststorepass changeit >/dev/null 2>&1 \
        || { echo "cannot copy the JVM's CA certificates from $JAVA_HOME/lib/security/cacerts" >&2; exit 1; }
      for bundle in /etc/costfleet/ca/*/ca.crt; do
        [ -f "$bundle" ] || continue
        name=$(basename "$(dirname "$bundle")")
        # keytool imports one certificate per call: split the PEM bundle first.
        awk -v out="/truststore/$name-" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (out n ".pem") }' "$bundle"
        for cert in /truststore/"$name"-*.pem; do
          keytool -importcert -noprompt -alias "costfleet-$(basename "$cert" .pem)" -file "$cert" \
            -keystore /truststore/truststore.p12 -storetype PKCS12 -storepass changeit >/dev/null
          rm -f "$cert"
        done
      done
  securityContext:
    {{- toYaml $v.securityContext | nindent 4 }}
  resources:
    requests:
      cpu: 50m
      memory: 64Mi
    limits:
      memory: 256Mi
  volumeMounts:
    - name: truststore
      mountPath: /truststore
    {{- include "costfleet.caVolumeMounts" .root | trim | nindent 4 }}
{{- end -}}

{{- define "costfleet.caVolumeMounts" -}}
{{- $v := .Values -}}
{{- if and $v.rabbitmq.tls.enabled $v.rabbitmq.tls.caSecret }}
- name: ca-rabbitmq
  mountPath: /etc/costfleet/ca/rabbitmq
  readOnly: true
{{- end }}
{{- if and $v.redis.tls.enabled $v.redis.tls.caSecret }}
- name: ca-redis
  mountPath: /etc/costfleet/ca/redis
  readOnly: true
{{- end }}
{{- end -}}

{{/* Volumes every app pod has: tmp, storage, config, trust store. args: dict root values component */}}
{{- define "costfleet.commonVolumes" -}}
{{- $v := .root.Values -}}
- name: tmp
  emptyDir: {}
- name: config
  configMap:
    name: {{ include "costfleet.componentName" . }}
- name: storage
{{- if eq $v.storage.type "pvc" }}
  persistentVolumeClaim:
    claimName: {{ include "costfleet.storageClaimName" .root }}
{{- else }}
  emptyDir:
    sizeLimit: {{ $v.storage.emptyDirSizeLimit }}
{{- end }}
{{- if include "costfleet.needsTruststore" .root }}
- name: truststore
  emptyDir:
    sizeLimit: 16Mi
{{- if and $v.rabbitmq.tls.enabled $v.rabbitmq.tls.caSecret }}
- name: ca-rabbitmq
  secret:
    secretName: {{ $v.rabbitmq.tls.caSecret }}
    items:
      - key: {{ $v.rabbitmq.tls.caKey }}
        path: ca.crt
{{- end }}
{{- if and $v.redis.tls.enabled $v.redis.tls.caSecret }}
- name: ca-redis
  secret:
    secretName: {{ $v.redis.tls.caSecret }}
    items:
      - key: {{ $v.redis.tls.caKey }}
        path: ca.crt
{{- end }}
{{- end }}
{{- with .values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "costfleet.commonVolumeMounts" -}}
{{- $v := .root.Values -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: /etc/costfleet/config
  readOnly: true
- name: storage
  mountPath: {{ $v.storage.mountPath }}
{{- if include "costfleet.needsTruststore" .root }}
- name: truststore
  mountPath: /etc/costfleet/truststore
  readOnly: true
{{- end }}
{{- with .values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Prometheus scrape annotations. args: dict root path */}}
{{- define "costfleet.scrapeAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations -}}
prometheus.io/scrape: "true"
prometheus.io/port: "8080"
prometheus.io/path: {{ .path | quote }}
{{- end }}
{{- end -}}

{{/* Pod scheduling fields shared by every component. args: values */}}
{{- define "costfleet.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end -}}

{{/* HTTP probes; args: dict probes (values) live ready (paths). */}}
{{- define "costfleet.probes" -}}
startupProbe:
  httpGet:
    path: {{ .live }}
    port: http
  periodSeconds: {{ .probes.startup.periodSeconds }}
  timeoutSeconds: {{ .probes.startup.timeoutSeconds }}
  failureThreshold: {{ .probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: {{ .live }}
    port: http
  periodSeconds: {{ .probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: {{ .ready }}
    port: http
  periodSeconds: {{ .probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .probes.readiness.failureThreshold }}
{{- end -}}

{{/* The enabled workers, in a fixed order. */}}
{{- define "costfleet.providers" -}}
aws gcp azure
{{- end -}}

{{/* Workers ------------------------------------------------------------------------------- */}}

{{/* amqp(s)://host:port/vhost without credentials (KEDA reads user and password from their own variables). */}}
{{- define "costfleet.amqpUrl" -}}
{{- $r := .Values.rabbitmq -}}
{{- printf "%s://%s:%v/%s" (ternary "amqps" "amqp" $r.tls.enabled) $r.host $r.port (urlquery ($r.virtualHost | default "/")) -}}
{{- end -}}

{{/* Provider credentials as environment variables; args: dict root provider values */}}
{{- define "costfleet.workerCredentialEnv" -}}
{{- $c := .values.credentials -}}
{{- if eq .provider "aws" }}
- name: AWS_REGION
  value: {{ .values.region | quote }}
{{- if $c.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.secretAccessKeyKey }}
{{- if $c.sessionTokenKey }}
- name: AWS_SESSION_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.sessionTokenKey }}
{{- end }}
{{- end }}
{{- else if eq .provider "gcp" }}
{{- with .values.projectId }}
- name: COSTFLEET_GCP_PROJECT_ID
  value: {{ . | quote }}
- name: GOOGLE_CLOUD_PROJECT
  value: {{ . | quote }}
{{- end }}
{{- if $c.existingSecret }}
- name: GOOGLE_APPLICATION_CREDENTIALS
  value: /var/run/secrets/costfleet/gcp/{{ $c.key }}
{{- end }}
{{- else if eq .provider "azure" }}
{{- if $c.existingSecret }}
- name: AZURE_CLIENT_ID
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.clientIdKey }}
- name: AZURE_TENANT_ID
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.tenantIdKey }}
- name: AZURE_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $c.existingSecret }}
      key: {{ $c.clientSecretKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* ServiceAccount annotations of a worker: the user's plus the workload identity binding. args: dict provider values */}}
{{- define "costfleet.workerServiceAccountAnnotations" -}}
{{- $a := deepCopy (.values.serviceAccount.annotations | default dict) -}}
{{- $wi := .values.workloadIdentity -}}
{{- if and (eq .provider "aws") $wi.roleArn -}}
{{- $_ := set $a "eks.amazonaws.com/role-arn" $wi.roleArn -}}
{{- else if and (eq .provider "gcp") $wi.serviceAccountEmail -}}
{{- $_ := set $a "iam.gke.io/gcp-service-account" $wi.serviceAccountEmail -}}
{{- else if and (eq .provider "azure") $wi.clientId -}}
{{- $_ := set $a "azure.workload.identity/client-id" $wi.clientId -}}
{{- with $wi.tenantId }}{{- $_ := set $a "azure.workload.identity/tenant-id" . -}}{{- end -}}
{{- end -}}
{{- if $a }}{{ toYaml $a }}{{ end -}}
{{- end -}}

{{/* A worker's application.yaml: its config values plus the per-scope rate limits. args: worker values */}}
{{- define "costfleet.workerConfig" -}}
{{- $config := deepCopy (.config | default dict) -}}
{{- if .rateLimit.scopes -}}
{{- $scopes := dict -}}
{{- range $scope, $b := .rateLimit.scopes -}}
{{- $_ := set $scopes $scope (dict "permits-per-second" $b.permitsPerSecond "burst" $b.burst) -}}
{{- end -}}
{{- $config = mergeOverwrite $config (dict "costfleet" (dict "ratelimit" (dict "scopes" $scopes))) -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{/* The Secret and key holding the operator API token: the user's, or the one the chart generates. */}}
{{- define "costfleet.apiTokenSecret" -}}
{{- .Values.dispatcher.api.existingSecret | default (printf "%s-api-token" (include "costfleet.fullname" .)) -}}
{{- end -}}

{{- define "costfleet.apiTokenKey" -}}
{{- ternary .Values.dispatcher.api.tokenKey "token" (ne .Values.dispatcher.api.existingSecret "") -}}
{{- end -}}
