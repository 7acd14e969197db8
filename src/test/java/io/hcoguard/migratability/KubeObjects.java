package io.hcoguard.migratability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;

/** Test fixtures from inline YAML (flow style keeps a whole object on one line). */
public final class KubeObjects {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubeObjects() {
    }

    public static GenericKubernetesResource resource(String yaml) {
        return SERIALIZATION.unmarshal(yaml, GenericKubernetesResource.class);
    }

    public static PersistentVolumeClaim pvc(String yaml) {
        return SERIALIZATION.unmarshal(yaml, PersistentVolumeClaim.class);
    }

    public static StorageClass storageClass(String yaml) {
        return SERIALIZATION.unmarshal(yaml, StorageClass.class);
    }

    public static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VMI ns/vm1 owned by VM vm1, with the given spec and status (flow-style YAML maps). */
    public static VmiSnapshot ownedVmi(String spec, String status) {
        return VmiSnapshot.from(resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  namespace: ns
                  name: vm1
                  uid: 11111111-2222-3333-4444-555555555555
                  ownerReferences:
                  - {apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: vm1, uid: abc, controller: true}
                spec: %s
                status: %s
                """.formatted(spec, status)));
    }

    /** VM ns/vm1 with the given spec (a flow-style YAML map). */
    public static VmSnapshot vm(String spec) {
        return VmSnapshot.from(resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {namespace: ns, name: vm1}
                spec: %s
                """.formatted(spec)));
    }
}
