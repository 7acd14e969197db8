package io.hcoguard.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownObjectsTest {

    private final KnownObjects known = new KnownObjects();

    @Test
    void anObjectIsChangedUntilPassedOnAndAgainAtAnotherResourceVersion() {
        assertThat(known.changed(object("ns", "db", "10"))).isTrue();

        known.put(object("ns", "db", "10"));
        assertThat(known.changed(object("ns", "db", "10"))).isFalse();
        assertThat(known.changed(object("ns", "db", "11"))).isTrue();
        assertThat(known.changed(object("other", "db", "10"))).isTrue();
    }

    @Test
    void aCompleteListDeletesWhatItNoLongerHas() {
        known.put(object("ns", "db", "10"));
        known.put(object("ns", "cache", "11"));
        known.put(object(null, "hostpath", "12"));

        var gone = known.retainOnly(Set.of("ns/db"));

        assertThat(gone).extracting(o -> o.getMetadata().getNamespace() + "|" + o.getMetadata().getName() + "|"
                + o.getMetadata().getResourceVersion())
                .containsExactlyInAnyOrder("ns|cache|11", "null|hostpath|12");
        assertThat(known.size()).isEqualTo(1);
        assertThat(known.changed(object("ns", "cache", "11"))).isTrue();
    }

    @Test
    void keysAreNamespaceSlashNameOrTheNameOfAClusterScopedObject() {
        assertThat(KnownObjects.key(object("ns", "db", "1"))).isEqualTo("ns/db");
        assertThat(KnownObjects.key(object(null, "hostpath", "1"))).isEqualTo("hostpath");
    }

    @Test
    void aDeletedObjectIsForgotten() {
        known.put(object("ns", "db", "10"));
        known.remove(object("ns", "db", "13"));

        assertThat(known.size()).isZero();
    }

    private static HasMetadata object(String namespace, String name, String resourceVersion) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withResourceVersion(resourceVersion)
                .withUid(name + "-uid").build());
        return object;
    }
}
