package io.hcoguard.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the API server's own request counters (apiserver_request_total), per verb and resource,
 * so a test can show that something made no API call. Long-running watches are left out: an
 * informer's open watch is not a call per decision.
 */
public final class ApiServerRequests {

    private ApiServerRequests() {
    }

    /**
     * The resources hco-guard could ask about: what it watches, and what it writes or reviews.
     * The API server's own housekeeping (leases, endpoints) goes on meanwhile and is left out.
     */
    static final Set<String> GUARD_RESOURCES = Set.of("kubevirt.io/virtualmachineinstances", "kubevirt.io/virtualmachines",
            "kubevirt.io/kubevirts", "hco.kubevirt.io/hyperconvergeds", "/persistentvolumeclaims",
            "storage.k8s.io/storageclasses", "apiextensions.k8s.io/customresourcedefinitions", "/events",
            "authentication.k8s.io/tokenreviews", "authorization.k8s.io/subjectaccessreviews",
            "config.openshift.io/clusterversions", "operators.coreos.com/installplans");

    /** "verb group/resource" -> requests served so far, for {@link #GUARD_RESOURCES}. */
    public static Map<String, Long> count(KubernetesClient admin) {
        Map<String, Long> counts = new TreeMap<>();
        for (PrometheusText.Sample sample : PrometheusText.parse(admin.raw("/metrics"))) {
            if (!sample.name().equals("apiserver_request_total")) {
                continue;
            }
            Map<String, String> labels = sample.labels();
            String resource = labels.getOrDefault("group", "") + "/" + labels.getOrDefault("resource", "");
            String verb = labels.getOrDefault("verb", "");
            if (!GUARD_RESOURCES.contains(resource) || "WATCH".equals(verb)) {
                continue;
            }
            counts.merge(verb + " " + resource, (long) sample.value(), Long::sum);
        }
        return counts;
    }
}
