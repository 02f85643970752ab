package io.edgeplane.deploychecks;

/**
 * What kube-prometheus-stack discovers by default (deploy/README.md): ServiceMonitors and PrometheusRules labelled
 * release=<its Helm release>, dashboards in ConfigMaps labelled grafana_dashboard=1.
 */
final class KubePrometheusStack {
    static final String RELEASE = "kube-prometheus-stack";
    static final String DASHBOARD_LABEL = "grafana_dashboard";

    private KubePrometheusStack() {
    }
}
