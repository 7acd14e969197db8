package io.hcoguard.migratability;

import static io.hcoguard.migratability.KubeObjects.pvc;
import static io.hcoguard.migratability.KubeObjects.storageClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageSnapshotsTest {

    static Stream<Arguments> claims() {
        return Stream.of(
                claim("the StorageClass comes from spec.storageClassName",
                        "metadata: {namespace: ns, name: d}\nspec: {storageClassName: ceph, accessModes: [ReadWriteMany]}",
                        new PvcSnapshot("ns", "d", Optional.of("ceph"), Set.of("ReadWriteMany"))),
                claim("the legacy beta annotation wins, as in Kubernetes",
                        "metadata: {namespace: ns, name: d, annotations: {volume.beta.kubernetes.io/storage-class: hostpath}}\n"
                                + "spec: {storageClassName: ceph, accessModes: [ReadWriteOnce]}",
                        new PvcSnapshot("ns", "d", Optional.of("hostpath"), Set.of("ReadWriteOnce"))),
                claim("an empty storageClassName is no class",
                        "metadata: {namespace: ns, name: d}\nspec: {storageClassName: \"\", accessModes: [ReadWriteOnce]}",
                        new PvcSnapshot("ns", "d", Optional.empty(), Set.of("ReadWriteOnce"))),
                claim("access modes fall back to status when spec has none",
                        "metadata: {namespace: ns, name: d}\nspec: {}\nstatus: {accessModes: [ReadWriteMany]}",
                        new PvcSnapshot("ns", "d", Optional.empty(), Set.of("ReadWriteMany"))),
                claim("several access modes are all kept",
                        "metadata: {namespace: ns, name: d}\nspec: {accessModes: [ReadWriteOnce, ReadWriteMany]}",
                        new PvcSnapshot("ns", "d", Optional.empty(), Set.of("ReadWriteOnce", "ReadWriteMany"))),
                claim("a claim without spec has nothing",
                        "metadata: {namespace: ns, name: d}",
                        new PvcSnapshot("ns", "d", Optional.empty(), Set.of())));
    }

    private static Arguments claim(String name, String yaml, PvcSnapshot expected) {
        return Arguments.of(Named.of(name, "apiVersion: v1\nkind: PersistentVolumeClaim\n" + yaml), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void keepsStorageClassAndAccessModesOfAClaim(String yaml, PvcSnapshot expected) {
        assertThat(PvcSnapshot.from(pvc(yaml))).isEqualTo(expected);
    }

    @Test
    void onlyReadWriteManyIsSharedAcrossNodes() {
        assertThat(new PvcSnapshot("ns", "d", Optional.empty(), Set.of("ReadWriteMany")).readWriteMany()).isTrue();
        assertThat(new PvcSnapshot("ns", "d", Optional.empty(), Set.of("ReadWriteOnce", "ReadOnlyMany")).readWriteMany())
                .isFalse();
        assertThat(new PvcSnapshot("ns", "d", Optional.empty(), Set.of("ReadWriteOncePod")).readWriteMany()).isFalse();
    }

    @Test
    void readsAnEmptyClaimWithoutFailing() {
        assertThat(PvcSnapshot.from(new PersistentVolumeClaim()))
                .isEqualTo(new PvcSnapshot("", "", Optional.empty(), Set.of()));
    }

    @Test
    void keepsTheProvisionerOfAStorageClass() {
        StorageClass hostpath = storageClass("""
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: hostpath-csi}
                provisioner: kubevirt.io.hostpath-provisioner
                volumeBindingMode: WaitForFirstConsumer
                """);

        assertThat(StorageClassSnapshot.from(hostpath))
                .isEqualTo(new StorageClassSnapshot("hostpath-csi", "kubevirt.io.hostpath-provisioner"));
        assertThat(StorageClassSnapshot.from(new StorageClass())).isEqualTo(new StorageClassSnapshot("", ""));
    }
}
