{{/* Chart name, or nameOverride. */}}
{{- define "gdpr-jitsi-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of the namespaced objects: fullnameOverride, else the release name when it already
contains the chart name, else "<release>-<chart>". At most 63 characters, the DNS label limit.
*/}}
{{- define "gdpr-jitsi-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := include "gdpr-jitsi-operator.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of the cluster-scoped objects and of the Roles in watched namespaces:
"<release namespace>:<fullname>". Release names are unique per namespace only, so the
namespace keeps two releases of the same name from claiming the same ClusterRole. RBAC names
may contain colons, as the built-in "system:" roles do.
*/}}
{{- define "gdpr-jitsi-operator.qualifiedName" -}}
{{- printf "%s:%s" .Release.Namespace (include "gdpr-jitsi-operator.fullname" .) }}
{{- end }}

{{- define "gdpr-jitsi-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "gdpr-jitsi-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels the Deployment selects its pods by; they never change for a release. */}}
{{- define "gdpr-jitsi-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gdpr-jitsi-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The operator image, by digest when one is set. The retention CronJobs run it too. */}}
{{- define "gdpr-jitsi-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
Labels of the uninstall hook's pod. They leave out the operator's selector labels, so the
metrics Service, the PodDisruptionBudget and the operator's NetworkPolicy never select it.
*/}}
{{- define "gdpr-jitsi-operator.releaseFinalizersSelectorLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: release-finalizers
app.kubernetes.io/part-of: {{ include "gdpr-jitsi-operator.name" . }}
{{- end }}

{{/* Whether the pods run leader election: always with more than one replica. */}}
{{- define "gdpr-jitsi-operator.leaderElect" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true{{ end }}
{{- end }}

{{- define "gdpr-jitsi-operator.leaseName" -}}
{{- printf "%s-leader" (include "gdpr-jitsi-operator.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
RBAC rules for the namespaced objects the operator reads and writes. Rendered into the
ClusterRole when the operator watches every namespace, and into a Role per namespace in
watchNamespaces. Each rule names the code path that needs it; the unit tests compare these
rules with the ClusterRole in config/rbac.yaml.
*/}}
{{- define "gdpr-jitsi-operator.namespacedRules" -}}
# Informer on the instances (list, watch); the data deletion finalizer is added and removed
# with a JSON patch (patch). `gdpr-jitsi release-finalizers`, the chart's pre-delete hook,
# runs with this account and lists and patches instances too.
- apiGroups: [gdprmeet.io]
  resources: [gdprjitsimeets]
  verbs: [list, watch, patch]
# Status written with server-side apply.
- apiGroups: [gdprmeet.io]
  resources: [gdprjitsimeets/status]
  verbs: [patch]
# Owner references with blockOwnerDeletion need update on the owner's finalizers when the
# OwnerReferencesPermissionEnforcement admission plugin is on (OpenShift turns it on).
- apiGroups: [gdprmeet.io]
  resources: [gdprjitsimeets/finalizers]
  verbs: [update]
# Children: informers (list, watch) and server-side apply, which needs create for a new
# object and patch for an existing one.
- apiGroups: ['']
  resources: [configmaps, services, serviceaccounts]
  verbs: [list, watch, create, patch]
# The credentials Secret is created once (create), read back when the cache lags (get), and
# only ever extended with missing keys (patch).
- apiGroups: ['']
  resources: [secrets]
  verbs: [get, list, watch, create, patch]
# StatefulSets are deleted (with orphaned pods) and created again when an immutable field
# changes. Data deletion deletes an instance's StatefulSets before its claims, because their
# pods keep the claims in use.
- apiGroups: [apps]
  resources: [deployments, statefulsets]
  verbs: [list, watch, create, patch, delete]
# The web Ingress and the instance's NetworkPolicies: informers and server-side apply.
- apiGroups: [networking.k8s.io]
  resources: [ingresses, networkpolicies]
  verbs: [list, watch, create, patch]
# Retention CronJobs; deleted before the claims of an instance with dataDeletionPolicy Delete,
# because their finished Jobs' pods keep the claims in use.
- apiGroups: [batch]
  resources: [cronjobs]
  verbs: [list, watch, create, patch, delete]
# HTTPRoute of the web frontend, used only when the cluster serves the Gateway API.
- apiGroups: [gateway.networking.k8s.io]
  resources: [httproutes]
  verbs: [list, watch, create, patch]
# PodMonitors of Jicofo and the videobridge, used only when the cluster serves the
# prometheus-operator CRDs.
- apiGroups: [monitoring.coreos.com]
  resources: [podmonitors]
  verbs: [list, watch, create, patch]
# With dataDeletionPolicy Delete, the instance's volume claims are listed and deleted when
# the instance is deleted.
- apiGroups: ['']
  resources: [persistentvolumeclaims]
  verbs: [list, delete]
# Readiness and placement of the instance's pods.
- apiGroups: ['']
  resources: [pods]
  verbs: [list, watch]
# Events about instances; repeats update the Event's series count.
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{/* Nodes are cluster-scoped, so this rule is in a ClusterRole in both modes. */}}
{{- define "gdpr-jitsi-operator.nodeRules" -}}
# Region labels of the nodes the pods run on (DataResidency).
- apiGroups: ['']
  resources: [nodes]
  verbs: [list, watch]
{{- end }}

{{/*
Egress of the operator's pods and of the uninstall hook: the API server and the cluster DNS.
*/}}
{{- define "gdpr-jitsi-operator.egressRules" -}}
{{- $np := .Values.networkPolicy -}}
# The API server. A NetworkPolicy sees the API server's own address and port after the
# kubernetes Service's translation, so the ports are those of the API server process.
{{- if $np.apiServer.cidrs }}
- to:
    {{- range $np.apiServer.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
{{- else }}
- ports:
{{- end }}
    {{- range $np.apiServer.ports }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
# Cluster DNS, for names in a kubeconfig or proxy settings.
- to:
    - namespaceSelector:
        matchLabels:
          {{- toYaml $np.dns.namespaceSelector | nindent 10 }}
      podSelector:
        matchLabels:
          {{- toYaml $np.dns.podSelector | nindent 10 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end }}

{{/* Fails the render with a message naming the value and the fix. */}}
{{- define "gdpr-jitsi-operator.validate" -}}
{{- if and .Values.metrics.serviceMonitor.enabled (not .Values.metrics.service.enabled) }}
{{- fail "metrics.serviceMonitor.enabled is true but metrics.service.enabled is false; the ServiceMonitor scrapes through that Service, so enable it" }}
{{- end }}
{{- end }}
