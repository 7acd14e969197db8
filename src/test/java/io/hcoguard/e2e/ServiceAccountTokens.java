package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Service account tokens from the test API server, for what checks its callers with a TokenReview (the report). */
final class ServiceAccountTokens {

    private ServiceAccountTokens() {
    }

    /**
     * A 10-minute token of service account {@code namespace/name}; with {@code mayListVmis}, bound to a
     * role that lists VMIs cluster-wide, the right the readiness report asks for.
     */
    static String token(KubernetesClient admin, String namespace, String name, boolean mayListVmis) {
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata().build())
                .serverSideApply();
        if (mayListVmis) {
            admin.resource(new ClusterRoleBuilder().withNewMetadata().withName("e2e-vmi-reader").endMetadata()
                    .addNewRule().withApiGroups("kubevirt.io").withResources("virtualmachineinstances").withVerbs("list").endRule()
                    .build()).serverSideApply();
            admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("e2e-vmi-reader-" + namespace + "-" + name)
                    .endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("e2e-vmi-reader").endRoleRef()
                    .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject()
                    .build()).serverSideApply();
        }
        return admin.serviceAccounts().inNamespace(namespace).withName(name)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
    }
}
