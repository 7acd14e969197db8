package io.hcoguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hcoguard.config.EnvironmentConfig;
import io.hcoguard.e2e.ControlPlane;
import io.hcoguard.e2e.ManagementPort;
import io.hcoguard.e2e.Kubectl;
import io.hcoguard.e2e.Manifests;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every way to install hco-guard, rendered with `kubectl kustomize` as an admin renders it and
 * judged by the real API server (server-side dry run, strict field validation, Pod Security
 * "restricted" warnings), plus the references between the objects that no API server checks.
 */
@QuarkusTest
class ManifestsE2ETest {

    /** The kustomizations an admin applies, and the namespace each one installs into. */
    enum Install {
        BASE("base", "hco-guard"),
        SELF_SIGNED("overlays/self-signed", "hco-guard"),
        OPENSHIFT("overlays/openshift", "openshift-cnv"),
        CERT_MANAGER("overlays/cert-manager", "hco-guard");

        final String path;
        final String namespace;

        Install(String path, String namespace) {
            this.path = path;
            this.namespace = namespace;
        }

        /** The self-signed overlay renders from a copy of manifests/ whose certs/ the test generated. */
        Path kustomization() {
            return (this == SELF_SIGNED ? WITH_CERTS : Manifests.ROOT).resolve(path);
        }
    }

    private static final Path WITH_CERTS = ControlPlane.PROJECT.resolve("target/manifests-e2e/with-certs");
    private static final Path WITHOUT_CERTS = ControlPlane.PROJECT.resolve("target/manifests-e2e/without-certs");
    /** A copy whose kustomizations all say "namespace: guard-elsewhere", and nothing else changed. */
    private static final Path MOVED = ControlPlane.PROJECT.resolve("target/manifests-e2e/moved");
    private static final Path SELF_SIGNED_CERTS = WITH_CERTS.resolve("overlays/self-signed/certs");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");
    private static final String SERVICE_ACCOUNT = "system:serviceaccount:hco-guard:hco-guard";

    private static final Map<Install, String> YAML = new EnumMap<>(Install.class);
    private static final Map<Install, List<GenericKubernetesResource>> OBJECTS = new EnumMap<>(Install.class);
    private static KubernetesClient admin;

    @BeforeAll
    static void render() throws Exception {
        admin = ControlPlane.admin();
        ManifestCopy.withoutGeneratedCertificates(WITH_CERTS);
        ManifestCopy.withoutGeneratedCertificates(WITHOUT_CERTS);
        ManifestCopy.withoutGeneratedCertificates(MOVED);
        CertificateScript.generate(SELF_SIGNED_CERTS);
        CertificateScript.generate(MOVED.resolve("overlays/self-signed/certs"));
        for (Install install : Install.values()) {
            Path kustomization = MOVED.resolve(install.path).resolve("kustomization.yaml");
            Files.writeString(kustomization, Files.readString(kustomization).replaceAll("(?m)^namespace: .*$", "namespace: guard-elsewhere"));
        }
        for (Install install : Install.values()) {
            YAML.put(install, Manifests.render(install.kustomization()));
            OBJECTS.put(install, Manifests.objects(YAML.get(install)));
        }
        ControlPlane.installCrds(ControlPlane.PROJECT.resolve("src/test/resources/crds"));
        // The base's RBAC for real, so SubjectAccessReviews can judge what the service account may do.
        for (GenericKubernetesResource object : OBJECTS.get(Install.BASE)) {
            if (Set.of("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
                    .contains(object.getKind())) {
                admin.resource(object).serverSideApply();
            }
        }
        // What the openshift overlay adds, bound to its own service account (openshift-cnv).
        for (GenericKubernetesResource object : OBJECTS.get(Install.OPENSHIFT)) {
            if (object.getMetadata().getName().equals("hco-guard-openshift")) {
                admin.resource(object).serverSideApply();
            }
        }
        // OKD Virtualization's namespace exists before the openshift overlay is applied; here it is a stand-in
        // that warns on anything the "restricted" Pod Security Standard would refuse.
        admin.resource(new NamespaceBuilder().withNewMetadata().withName("openshift-cnv")
                .addToLabels("pod-security.kubernetes.io/warn", "restricted").endMetadata().build()).serverSideApply();
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void rendersExactlyTheObjectsOfTheInstall(Install install) {
        List<String> base = List.of("Namespace hco-guard", "ServiceAccount hco-guard", "ClusterRole hco-guard",
                "ClusterRoleBinding hco-guard", "Role hco-guard", "RoleBinding hco-guard", "Service hco-guard",
                "Deployment hco-guard", "PodDisruptionBudget hco-guard", "NetworkPolicy hco-guard",
                "MutatingWebhookConfiguration hco-guard", "ValidatingWebhookConfiguration hco-guard");
        List<String> expected = switch (install) {
            case BASE -> base;
            case SELF_SIGNED -> concat(base, List.of("Secret hco-guard-tls"));
            case OPENSHIFT -> concat(base.stream().filter(object -> !object.startsWith("Namespace ")).toList(),
                    List.of("ClusterRole hco-guard-openshift", "ClusterRoleBinding hco-guard-openshift",
                            "ServiceMonitor hco-guard", "PrometheusRule hco-guard"));
            case CERT_MANAGER -> concat(base, List.of("Issuer hco-guard-selfsigned", "Certificate hco-guard-ca",
                    "Issuer hco-guard-ca", "Certificate hco-guard-serving"));
        };

        assertThat(OBJECTS.get(install)).map(o -> o.getKind() + " " + o.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void appliesWithServerSideDryRunWithoutErrorOrWarning(Install install) throws Exception {
        Kubectl.Result result = Kubectl.run("apply", "--server-side", "--dry-run=server", "--force-conflicts",
                "--field-manager=hco-guard-manifests-e2e", "-f", "-", "--stdin-text", besideTheRegisteredWebhooks(install));

        assertThat(result.stderr()).isEmpty();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().lines()).hasSize(OBJECTS.get(install).size())
                .allMatch(line -> line.endsWith(" serverside-applied (server dry run)"));
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void pointsEveryReferenceAtTheInstallNamespace(Install install) {
        assertEverythingIn(OBJECTS.get(install), install.namespace);
    }

    @ParameterizedTest
    @EnumSource(Install.class)
    void movesEveryReferenceWhenOnlyTheKustomizationNamespaceChanges(Install install) {
        assertEverythingIn(Manifests.objects(Manifests.render(MOVED.resolve(install.path))), "guard-elsewhere");
    }

    @Test
    void selfSignedOverlayMountsTheGeneratedCertificateAndEveryWebhookTrustsItsCa() throws Exception {
        GenericKubernetesResource secret = object(Install.SELF_SIGNED, "Secret", "hco-guard-tls");
        byte[] ca = Files.readAllBytes(SELF_SIGNED_CERTS.resolve("ca.crt"));
        byte[] servingCertificate = Base64.getMimeDecoder().decode((String) secret.get("data", "tls.crt"));

        assertThat((String) secret.get("type")).isEqualTo("kubernetes.io/tls");
        assertThat(servingCertificate).isEqualTo(Files.readAllBytes(SELF_SIGNED_CERTS.resolve("tls.crt")));
        assertThat(Base64.getMimeDecoder().decode((String) secret.get("data", "tls.key")))
                .isEqualTo(Files.readAllBytes(SELF_SIGNED_CERTS.resolve("tls.key")));
        assertThat(webhooks(Install.SELF_SIGNED)).extracting(webhook -> caBundle(webhook))
                .containsOnly(Base64.getEncoder().encodeToString(ca));
        X509Certificate serving = certificate(servingCertificate);
        serving.verify(certificate(ca).getPublicKey());
        assertThat(serving.getSubjectAlternativeNames()).contains(List.of(2, "hco-guard.hco-guard.svc"));
        // The ConfigMap that carries the CA bundle into the webhooks is kustomize-local, never applied.
        assertThat(OBJECTS.get(Install.SELF_SIGNED)).noneMatch(o -> o.getKind().equals("ConfigMap"));
    }

    @Test
    void selfSignedOverlayDoesNotRenderBeforeCertificatesAreGenerated() {
        Kubectl.Result result = Manifests.kustomize(WITHOUT_CERTS.resolve("overlays/self-signed"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("overlays/self-signed/certs/ca-bundle.env").contains("no such file or directory");
    }

    @Test
    @SuppressWarnings("unchecked")
    void openshiftOverlayTakesCertificatesFromServiceCaAndLeavesTheNamespaceAlone() {
        GenericKubernetesResource service = object(Install.OPENSHIFT, "Service", "hco-guard");
        GenericKubernetesResource deployment = object(Install.OPENSHIFT, "Deployment", "hco-guard");

        assertThat(service.getMetadata().getAnnotations())
                .containsExactlyEntriesOf(Map.of("service.beta.openshift.io/serving-cert-secret-name", "hco-guard-tls"));
        assertThat((String) deployment.get("spec", "template", "spec", "volumes", 0, "secret", "secretName")).isEqualTo("hco-guard-tls");
        assertThat((List<Map<String, Object>>) deployment.get("spec", "template", "spec", "containers", 0, "env"))
                .contains(Map.of("name", "GUARD_OPENSHIFT_CLUSTER_OPERATOR", "value", "true"))
                .doesNotContain(Map.of("name", "GUARD_OPENSHIFT_CLUSTER_OPERATOR", "value", "false"));
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            assertThat(object(Install.OPENSHIFT, kind, "hco-guard").getMetadata().getAnnotations())
                    .containsExactlyEntriesOf(Map.of("service.beta.openshift.io/inject-cabundle", "true"));
        }
        assertThat(webhooks(Install.OPENSHIFT)).allMatch(webhook -> caBundle(webhook) == null);
        // restricted-v2 assigns the user and groups from the namespace's range: none is fixed.
        assertThat(deployment.<Map<String, Object>>get("spec", "template", "spec", "securityContext")).containsOnlyKeys("runAsNonRoot", "seccompProfile");
        assertThat(deployment.<Map<String, Object>>get("spec", "template", "spec", "containers", 0, "securityContext"))
                .containsOnlyKeys("runAsNonRoot", "readOnlyRootFilesystem", "allowPrivilegeEscalation", "capabilities");
        GenericKubernetesResource policy = object(Install.OPENSHIFT, "NetworkPolicy", "hco-guard");
        assertThat(policy.<Map<String, Object>>get("spec", "ingress", 1, "from", 0))
                .isEqualTo(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("network.openshift.io/policy-group", "monitoring"))));
        assertThat(policy.<List<Object>>get("spec", "egress", 1, "ports")).containsExactly(
                Map.of("port", 53, "protocol", "UDP"), Map.of("port", 53, "protocol", "TCP"),
                Map.of("port", 5353, "protocol", "UDP"), Map.of("port", 5353, "protocol", "TCP"));
    }

    @Test
    void certManagerOverlayIssuesTheMountedCertificateFromItsOwnCaAndInjectsThatCa() {
        GenericKubernetesResource serving = object(Install.CERT_MANAGER, "Certificate", "hco-guard-serving");
        GenericKubernetesResource caIssuer = object(Install.CERT_MANAGER, "Issuer", (String) serving.get("spec", "issuerRef", "name"));
        GenericKubernetesResource ca = object(Install.CERT_MANAGER, "Certificate", "hco-guard-ca");
        GenericKubernetesResource selfSigned = object(Install.CERT_MANAGER, "Issuer", (String) ca.get("spec", "issuerRef", "name"));
        GenericKubernetesResource deployment = object(Install.CERT_MANAGER, "Deployment", "hco-guard");

        assertThat((String) serving.get("spec", "secretName"))
                .isEqualTo(deployment.get("spec", "template", "spec", "volumes", 0, "secret", "secretName"));
        assertThat(serving.<List<Object>>get("spec", "dnsNames")).containsExactly("hco-guard.hco-guard.svc", "hco-guard.hco-guard.svc.cluster.local");
        assertThat(serving.<List<Object>>get("spec", "usages")).containsExactly("server auth", "digital signature", "key encipherment");
        assertThat((String) caIssuer.get("spec", "ca", "secretName")).isEqualTo(ca.get("spec", "secretName"));
        assertThat((Boolean) ca.get("spec", "isCA")).isTrue();
        assertThat(selfSigned.<Map<String, Object>>get("spec")).isEqualTo(Map.of("selfSigned", Map.of()));
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            assertThat(object(Install.CERT_MANAGER, kind, "hco-guard").getMetadata().getAnnotations())
                    .containsExactlyEntriesOf(Map.of("cert-manager.io/inject-ca-from", "hco-guard/hco-guard-serving"));
        }
    }

    @Test
    void registeredWebhooksAreTheShippedOnesExceptClientConfig() {
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            GenericKubernetesResource shipped = object(Install.BASE, kind, "hco-guard");
            GenericKubernetesResource registered = admin.genericKubernetesResources("admissionregistration.k8s.io/v1", kind)
                    .withName("hco-guard").get();

            assertThat(registered.getMetadata().getLabels()).as(kind).isEqualTo(shipped.getMetadata().getLabels());
            assertThat(withoutClientConfig(webhooks(registered))).as(kind).isEqualTo(withoutClientConfig(webhooks(shipped)));
            List<Map<String, Object>> registeredWebhooks = webhooks(registered);
            List<Map<String, Object>> shippedWebhooks = webhooks(shipped);
            for (int i = 0; i < shippedWebhooks.size(); i++) {
                assertThat(((Map<?, ?>) registeredWebhooks.get(i).get("clientConfig")).get("url"))
                        .isEqualTo("https://127.0.0.1:" + ControlPlane.webhookPort() + path(shippedWebhooks.get(i)));
            }
        }
    }

    @Test
    void clusterRoleGrantsReadOnTheWatchedKindsAndOnlyTheWritesTheServiceMakes() {
        Set<String> expected = new TreeSet<>();
        for (WatchedKind kind : WatchedKind.values()) {
            for (String verb : List.of("get", "list", "watch")) {
                expected.add(verb + " " + kind.context().getGroup() + "/" + kind.context().getPlural());
            }
        }
        // ClusterWatches watches CRDs to start the KubeVirt watches when KubeVirt is installed later.
        expected.addAll(List.of("get apiextensions.k8s.io/customresourcedefinitions",
                "list apiextensions.k8s.io/customresourcedefinitions", "watch apiextensions.k8s.io/customresourcedefinitions",
                "create /events", "patch /events", "create authentication.k8s.io/tokenreviews", "create authorization.k8s.io/subjectaccessreviews",
                // The hold of OKD Virtualization updates: find HCO's installed CSV, then its OperatorCondition.
                "list operators.coreos.com/subscriptions",
                "get operators.coreos.com/operatorconditions", "update operators.coreos.com/operatorconditions"));

        Set<String> granted = new TreeSet<>();
        for (Object rule : object(Install.BASE, "ClusterRole", "hco-guard").<List<Object>>get("rules")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) rule;
            assertThat(r).containsOnlyKeys("apiGroups", "resources", "verbs");
            for (Object group : (List<Object>) r.get("apiGroups")) {
                for (Object resource : (List<Object>) r.get("resources")) {
                    for (Object verb : (List<Object>) r.get("verbs")) {
                        granted.add(verb + " " + group + "/" + resource);
                    }
                }
            }
        }
        assertThat(granted).isEqualTo(expected);
    }

    @Test
    void theLeaseRoleAndTheClusterOperatorRoleGrantOnlyWhatTheirWritersDoOnNamedObjects() {
        assertThat(object(Install.BASE, "Role", "hco-guard").<List<Object>>get("rules")).containsExactly(
                Map.of("apiGroups", List.of("coordination.k8s.io"), "resources", List.of("leases"), "verbs", List.of("create")),
                Map.of("apiGroups", List.of("coordination.k8s.io"), "resources", List.of("leases"),
                        "resourceNames", List.of(EnvironmentConfig.defaults().leaderElection().leaseName()), "verbs", List.of("get", "patch")));
        assertThat(object(Install.BASE, "RoleBinding", "hco-guard").<Map<String, Object>>get("roleRef"))
                .isEqualTo(Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", "hco-guard"));
        assertThat(object(Install.OPENSHIFT, "ClusterRole", "hco-guard-openshift").<List<Object>>get("rules")).containsExactly(
                Map.of("apiGroups", List.of("config.openshift.io"), "resources", List.of("clusteroperators"), "verbs", List.of("create")),
                Map.of("apiGroups", List.of("config.openshift.io"), "resources", List.of("clusteroperators"),
                        "resourceNames", List.of(EnvironmentConfig.defaults().leaderElection().leaseName()), "verbs", List.of("get")),
                Map.of("apiGroups", List.of("config.openshift.io"), "resources", List.of("clusteroperators/status"),
                        "resourceNames", List.of(EnvironmentConfig.defaults().leaderElection().leaseName()), "verbs", List.of("update")));
        for (Install install : List.of(Install.BASE, Install.SELF_SIGNED, Install.CERT_MANAGER)) {
            assertThat(OBJECTS.get(install)).as(install.path).noneMatch(o -> o.getMetadata().getName().equals("hco-guard-openshift"));
        }
    }

    @ParameterizedTest(name = "{0} {1}/{2} named \"{3}\" in \"{4}\": {5}")
    @CsvSource({
        "create, coordination.k8s.io,  leases,                   '',         hco-guard,     true",
        "get,    coordination.k8s.io,  leases,                   hco-guard,  hco-guard,     true",
        "patch,  coordination.k8s.io,  leases,                   hco-guard,  hco-guard,     true",
        "patch,  coordination.k8s.io,  leases,                   other,      hco-guard,     false",
        "get,    coordination.k8s.io,  leases,                   hco-guard,  kube-system,   false",
        "delete, coordination.k8s.io,  leases,                   hco-guard,  hco-guard,     false",
        "list,   operators.coreos.com, subscriptions,            '',         '',            true",
        "update, operators.coreos.com, subscriptions,            '',         openshift-cnv, false",
        "update, operators.coreos.com, operatorconditions,       csv-v1,     openshift-cnv, true",
        "patch,  operators.coreos.com, operatorconditions,       csv-v1,     openshift-cnv, false",
        "delete, operators.coreos.com, operatorconditions,       csv-v1,     openshift-cnv, false",
        "create, config.openshift.io,  clusteroperators,         '',         '',            false",
    })
    void baseServiceAccountMayWriteTheLeaseAndTheHoldOnly(String verb, String group, String resource, String name,
            String namespace, boolean allowed) {
        assertThat(allowed(SERVICE_ACCOUNT, "hco-guard", verb, group, resource, name, namespace)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} {1} named \"{2}\": {3}")
    @CsvSource({
        "create, clusteroperators,        '',         true",
        "get,    clusteroperators,        hco-guard,  true",
        "get,    clusteroperators,        version,    false",
        "list,   clusteroperators,        '',         false",
        "update, clusteroperators/status, hco-guard,  true",
        "update, clusteroperators/status, kube-apiserver, false",
        "update, clusteroperators,        hco-guard,  false",
        "delete, clusteroperators,        hco-guard,  false",
    })
    void openshiftServiceAccountMayWriteItsOwnClusterOperatorOnly(String verb, String resource, String name, boolean allowed) {
        assertThat(allowed("system:serviceaccount:openshift-cnv:hco-guard", "openshift-cnv", verb, "config.openshift.io",
                resource, name, "")).isEqualTo(allowed);
    }

    private static boolean allowed(String user, String userNamespace, String verb, String group, String resource, String name,
            String namespace) {
        String[] parts = resource.split("/", 2);
        var review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + userNamespace, "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(parts[0])
                .withSubresource(parts.length > 1 ? parts[1] : "").withName(name).withNamespace(namespace).endResourceAttributes()
                .endSpec().build());
        return review.getStatus().getAllowed();
    }

    @ParameterizedTest(name = "{0} {1}/{2}: {3}")
    @CsvSource({
        "list,   kubevirt.io,            virtualmachineinstances,   true",
        "watch,  kubevirt.io,            virtualmachines,           true",
        "get,    kubevirt.io,            kubevirts,                 true",
        "watch,  hco.kubevirt.io,        hyperconvergeds,           true",
        "list,   '',                     persistentvolumeclaims,    true",
        "watch,  storage.k8s.io,         storageclasses,            true",
        "watch,  apiextensions.k8s.io,   customresourcedefinitions, true",
        "create, '',                     events,                    true",
        "patch,  '',                     events,                    true",
        "create, authentication.k8s.io,  tokenreviews,              true",
        "create, authorization.k8s.io,   subjectaccessreviews,      true",
        "get,    '',                     secrets,                   false",
        "list,   '',                     pods,                      false",
        "list,   '',                     configmaps,                false",
        "update, kubevirt.io,            virtualmachines,           false",
        "delete, kubevirt.io,            virtualmachineinstances,   false",
        "patch,  hco.kubevirt.io,        hyperconvergeds,           false",
        "update, '',                     events,                    false",
        "create, apiextensions.k8s.io,   customresourcedefinitions, false",
        "update, config.openshift.io,    clusterversions,           false",
        "get,    operators.coreos.com,   installplans,              false",
        "update, admissionregistration.k8s.io, validatingwebhookconfigurations, false",
    })
    void serviceAccountMayDoWhatTheServiceDoesAndNothingElse(String verb, String group, String resource, boolean allowed) {
        var review = admin.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(SERVICE_ACCOUNT)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:hco-guard", "system:authenticated")
                .withNewResourceAttributes().withVerb(verb).withGroup(group).withResource(resource).withNamespace("").endResourceAttributes()
                .endSpec().build());

        assertThat(review.getStatus().getAllowed()).isEqualTo(allowed);
    }

    @Test
    void deploymentServesTheApplicationsPortsProbesAndCertificateFiles() {
        GenericKubernetesResource deployment = object(Install.BASE, "Deployment", "hco-guard");
        Map<String, Object> pod = deployment.get("spec", "template", "spec");
        Map<String, Object> container = deployment.get("spec", "template", "spec", "containers", 0);

        assertThat((List<Object>) container.get("ports")).containsExactly(
                Map.of("name", "https", "containerPort", config("quarkus.http.ssl-port"), "protocol", "TCP"),
                Map.of("name", "management", "containerPort", config("quarkus.management.port"), "protocol", "TCP"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<?, ?> get = (Map<?, ?>) ((Map<?, ?>) container.get(probe)).get("httpGet");
            assertThat(get.get("port")).isEqualTo("management");
            // The running application answers the probe path with a health report (UP or DOWN), not a 404.
            ManagementPort.get((String) get.get("path"))
                    .statusCode(anyOf(is(200), is(503))).body("status", anyOf(is("UP"), is("DOWN")));
        }
        Map<String, Object> env = new HashMap<>();
        for (Object variable : (List<Object>) container.get("env")) {
            env.put((String) ((Map<?, ?>) variable).get("name"), ((Map<?, ?>) variable).get("value"));
        }
        assertThat(env).containsEntry("GUARD_TLS_CERT", "/etc/hco-guard/tls/tls.crt").containsEntry("GUARD_TLS_KEY", "/etc/hco-guard/tls/tls.key")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .containsEntry("GUARD_OPENSHIFT_CLUSTER_OPERATOR", "false");
        // The image hack/build-image.sh builds by default: the project version of pom.xml.
        assertThat(container.get("image")).isEqualTo("quay.io/hco-guard/hco-guard:" + System.getProperty("project.version"));
        assertThat((List<Object>) container.get("volumeMounts")).containsExactly(
                Map.of("name", "tls", "mountPath", "/etc/hco-guard/tls", "readOnly", true),
                Map.of("name", "tmp", "mountPath", "/tmp"));
        assertThat((List<Object>) pod.get("volumes")).containsExactly(
                Map.of("name", "tls", "secret", Map.of("secretName", "hco-guard-tls")),
                Map.of("name", "tmp", "emptyDir", Map.of("sizeLimit", "64Mi")));
        assertThat((Boolean) deployment.get("spec", "template", "spec", "containers", 0, "securityContext", "readOnlyRootFilesystem")).isTrue();
        // The Service forwards what the webhooks call (443) to the HTTPS port, and metrics to the management port.
        assertThat(object(Install.BASE, "Service", "hco-guard").<List<Object>>get("spec", "ports")).containsExactly(
                Map.of("name", "https", "port", 443, "targetPort", "https", "protocol", "TCP"),
                Map.of("name", "metrics", "port", 9000, "targetPort", "management", "protocol", "TCP"));
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * The install's objects, its webhook configurations renamed: objects named hco-guard are
     * registered already with a URL client config (ControlPlane), and a dry-run apply merges into
     * the existing object, so the result would have both a URL and a service. Renamed, each is judged
     * as created: the content is unchanged.
     */
    private static String besideTheRegisteredWebhooks(Install install) {
        StringBuilder yaml = new StringBuilder();
        for (GenericKubernetesResource object : OBJECTS.get(install)) {
            GenericKubernetesResource copy = Serialization.clone(object);
            if (copy.getKind().endsWith("WebhookConfiguration")) {
                copy.getMetadata().setName(copy.getMetadata().getName() + "-dry-run");
            }
            yaml.append(Serialization.asYaml(copy));
        }
        return yaml.toString();
    }

    /** Namespaced objects, the role binding's subject, the webhooks' service and the certificate names agree. */
    private static void assertEverythingIn(List<GenericKubernetesResource> objects, String namespace) {
        for (GenericKubernetesResource object : objects) {
            if (!CLUSTER_SCOPED.contains(object.getKind())) {
                assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo(namespace);
            }
            if (object.getKind().equals("Namespace")) {
                assertThat(object.getMetadata().getName()).isEqualTo(namespace);
            }
            if (object.getKind().endsWith("RoleBinding")) {
                assertThat(object.<List<Object>>get("subjects"))
                        .containsExactly(Map.of("kind", "ServiceAccount", "name", "hco-guard", "namespace", namespace));
            }
            if (object.getKind().endsWith("WebhookConfiguration")) {
                assertThat(webhooks(object)).extracting(webhook -> service(webhook))
                        .containsOnly(Map.of("name", "hco-guard", "namespace", namespace, "port", 443));
                String injectFrom = object.getMetadata().getAnnotations() == null ? null
                        : object.getMetadata().getAnnotations().get("cert-manager.io/inject-ca-from");
                assertThat(injectFrom).isIn(null, namespace + "/hco-guard-serving");
            }
            if (object.getKind().equals("Certificate") && object.getMetadata().getName().equals("hco-guard-serving")) {
                assertThat(object.<List<Object>>get("spec", "dnsNames"))
                        .containsExactly("hco-guard." + namespace + ".svc", "hco-guard." + namespace + ".svc.cluster.local");
            }
        }
    }

    private static GenericKubernetesResource object(Install install, String kind, String name) {
        return OBJECTS.get(install).stream()
                .filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(install + " renders no " + kind + " " + name));
    }

    /** Every webhook of the install's two webhook configurations. */
    private static List<Map<String, Object>> webhooks(Install install) {
        return Stream.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")
                .flatMap(kind -> webhooks(object(install, kind, "hco-guard")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> webhooks(GenericKubernetesResource configuration) {
        return (List<Map<String, Object>>) configuration.getAdditionalProperties().get("webhooks");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> webhook) {
        Map<String, Object> service = new LinkedHashMap<>((Map<String, Object>) ((Map<?, ?>) webhook.get("clientConfig")).get("service"));
        service.remove("path");
        return service;
    }

    private static String path(Map<String, Object> webhook) {
        return (String) ((Map<?, ?>) ((Map<?, ?>) webhook.get("clientConfig")).get("service")).get("path");
    }

    private static String caBundle(Map<String, Object> webhook) {
        return (String) ((Map<?, ?>) webhook.get("clientConfig")).get("caBundle");
    }

    /** A webhook as judged: without clientConfig, and without the empty selectors the API server fills in. */
    private static List<Map<String, Object>> withoutClientConfig(List<Map<String, Object>> webhooks) {
        return webhooks.stream().map(webhook -> {
            Map<String, Object> judged = new LinkedHashMap<>(webhook);
            judged.remove("clientConfig");
            judged.remove("namespaceSelector", Map.of());
            judged.remove("objectSelector", Map.of());
            return judged;
        }).toList();
    }

    /** A setting of the packaged application (the tests themselves run on other ports). */
    private static int config(String key) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(ControlPlane.PROJECT.resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Integer.parseInt(properties.getProperty(key));
    }

    private static X509Certificate certificate(byte[] pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
