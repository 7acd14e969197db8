package io.hcoguard.migratability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VmSnapshotTest {

    static Stream<Arguments> specs() {
        return Stream.of(
                spec("runStrategy Always", "{runStrategy: Always}", RunStrategy.ALWAYS),
                spec("runStrategy RerunOnFailure", "{runStrategy: RerunOnFailure}", RunStrategy.RERUN_ON_FAILURE),
                spec("runStrategy Manual", "{runStrategy: Manual}", RunStrategy.MANUAL),
                spec("runStrategy Halted", "{runStrategy: Halted}", RunStrategy.HALTED),
                spec("runStrategy Once", "{runStrategy: Once}", RunStrategy.ONCE),
                spec("runStrategy WaitAsReceiver", "{runStrategy: WaitAsReceiver}", RunStrategy.WAIT_AS_RECEIVER),
                spec("a misspelt runStrategy is unknown", "{runStrategy: always}", RunStrategy.UNKNOWN),
                spec("deprecated running: true means Always", "{running: true}", RunStrategy.ALWAYS),
                spec("deprecated running: false means Halted", "{running: false}", RunStrategy.HALTED),
                spec("running as the string \"true\" still means Always", "{running: \"true\"}", RunStrategy.ALWAYS),
                spec("runStrategy wins over running", "{runStrategy: Manual, running: true}", RunStrategy.MANUAL),
                spec("a blank runStrategy falls back to running", "{runStrategy: \" \", running: true}", RunStrategy.ALWAYS),
                spec("neither means Halted, as KubeVirt does", "{}", RunStrategy.HALTED),
                spec("a spec that is not a map means Halted", "[]", RunStrategy.HALTED));
    }

    private static Arguments spec(String name, String spec, RunStrategy expected) {
        return Arguments.of(Named.of(name, spec), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void readsTheRunStrategy(String spec, RunStrategy expected) {
        assertThat(KubeObjects.vm(spec)).isEqualTo(new VmSnapshot("ns", "vm1", expected));
    }

    @Test
    void readsAnEmptyObjectAsAHaltedUnnamedVm() {
        assertThat(VmSnapshot.from(new GenericKubernetesResource())).isEqualTo(new VmSnapshot("", "", RunStrategy.HALTED));
    }
}
