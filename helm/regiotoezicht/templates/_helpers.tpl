{{/* Names and labels. */}}
{{- define "regiotoezicht.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "regiotoezicht.fullname" -}}
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

{{- define "regiotoezicht.selectorLabels" -}}
app.kubernetes.io/name: {{ include "regiotoezicht.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "regiotoezicht.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "regiotoezicht.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: regiotoezicht
{{- end -}}

{{- define "regiotoezicht.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "regiotoezicht.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "regiotoezicht.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag -}}
{{- end -}}

{{/* Secrets every long-running role reads, as secretKeyRefs (never copied into the ConfigMap). */}}
{{- define "regiotoezicht.secretEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.app.existingSecret }}
      key: {{ .Values.database.app.key }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: {{ .Values.redis.key }}
- name: SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secretKey.existingSecret }}
      key: {{ .Values.secretKey.key }}
{{- if .Values.mail.existingSecret }}
- name: MAIL_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.mail.existingSecret }}
      key: {{ .Values.mail.key }}
{{- end }}
{{- if and (eq .Values.storage.backend "s3") .Values.storage.s3.existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ .Values.storage.s3.existingSecret }}
      key: AWS_ACCESS_KEY_ID
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.storage.s3.existingSecret }}
      key: AWS_SECRET_ACCESS_KEY
{{- end }}
{{- end -}}

{{/* Plain settings (the ConfigMap's data; the migration hook gets them inline). */}}
{{- define "regiotoezicht.plainConfig" -}}
REGIOTOEZICHT_ENV: "production"
PUBLIC_BASE_URL: {{ .Values.config.publicBaseUrl | quote }}
LOG_FORMAT: {{ .Values.config.logFormat | quote }}
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
MAIL_FROM: {{ .Values.config.mailFrom | quote }}
TRUSTED_PROXY_COUNT: {{ .Values.config.trustedProxyCount | quote }}
SESSION_IDLE_MINUTES: {{ .Values.config.sessionIdleMinutes | quote }}
SESSION_MAX_HOURS: {{ .Values.config.sessionMaxHours | quote }}
APP_DB_ROLE: {{ .Values.database.appRole | quote }}
DATABASE_POOL_SIZE: {{ .Values.database.poolSize | quote }}
DATABASE_MAX_OVERFLOW: {{ .Values.database.maxOverflow | quote }}
STORAGE_BACKEND: {{ .Values.storage.backend | quote }}
{{- if eq .Values.storage.backend "s3" }}
S3_BUCKET: {{ .Values.storage.s3.bucket | quote }}
S3_ENDPOINT_URL: {{ .Values.storage.s3.endpointUrl | quote }}
S3_REGION: {{ .Values.storage.s3.region | quote }}
S3_KEY_PREFIX: {{ .Values.storage.s3.keyPrefix | quote }}
{{- end }}
INSTANCE_PATH: "/tmp/regiotoezicht"
{{- range $key, $value := .Values.config.extra }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* The pod-level parts every role shares. */}}
{{- define "regiotoezicht.podSpecCommon" -}}
serviceAccountName: {{ include "regiotoezicht.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
enableServiceLinks: false
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end -}}

{{- define "regiotoezicht.containerCommon" -}}
image: {{ include "regiotoezicht.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}

{{/* A process without HTTP (worker, scheduler) touches this file while it is healthy. */}}
{{- define "regiotoezicht.heartbeatProbes" -}}
livenessProbe:
  exec:
    command: ["sh", "-c", "test -n \"$(find /tmp/regiotoezicht-alive -mmin -10 2>/dev/null)\""]
  initialDelaySeconds: 60
  periodSeconds: 60
  timeoutSeconds: 5
  failureThreshold: 3
readinessProbe:
  exec:
    command: ["sh", "-c", "test -e /tmp/regiotoezicht-alive"]
  initialDelaySeconds: 5
  periodSeconds: 30
  timeoutSeconds: 5
{{- end -}}

{{- define "regiotoezicht.checksums" -}}
checksum/config: {{ include "regiotoezicht.plainConfig" . | sha256sum }}
{{- end -}}
