package io.hcoguard.migratability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RemediationTest {

    private static final String PATCH = "kubectl patch vm pg-0 -n db --type=merge -p '{\"spec\":{\"running\":null,"
            + "\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"evictionStrategy\":\"None\"}}}}'";
    private static final List<String> PATCH_THEN_RESTART = List.of(
            "Fix VM db/pg-0: set runStrategy Always and evictionStrategy None, then restart it so the running VMI picks"
                    + " them up:",
            "  " + PATCH,
            "  virtctl restart pg-0 -n db");
    private static final List<NotMigratable> HOSTPATH = List.of(new NotMigratable(NotMigratableReason.HOSTPATH_VOLUME, "pg-data"));

    private static Blocker blocker(Optional<String> vm, EvictionStrategy strategy, Optional<RunStrategy> run, Impact impact) {
        return new Blocker("db", "pg-0", vm, HOSTPATH, strategy, run, impact);
    }

    static Stream<Arguments> remediations() {
        return Stream.of(
                Arguments.of(Named.of("a VM whose VMI refuses eviction is patched, then restarted",
                                blocker(Optional.of("pg-0"), EvictionStrategy.LIVE_MIGRATE, Optional.of(RunStrategy.MANUAL),
                                        Impact.STALLS_DRAIN)),
                        PATCH_THEN_RESTART),
                Arguments.of(Named.of("an External VMI also needs the restart",
                                blocker(Optional.of("pg-0"), EvictionStrategy.EXTERNAL, Optional.of(RunStrategy.ALWAYS),
                                        Impact.STALLS_DRAIN)),
                        PATCH_THEN_RESTART),
                Arguments.of(Named.of("a VM whose VMI is evicted needs only the patch",
                                blocker(Optional.of("pg-0"), EvictionStrategy.NONE, Optional.of(RunStrategy.HALTED),
                                        Impact.SHUT_DOWN_FOR_GOOD)),
                        List.of("Fix VM db/pg-0: set runStrategy Always and evictionStrategy None (no restart needed):",
                                "  " + PATCH)),
                Arguments.of(Named.of("a standalone VMI must be recreated as a VM",
                                blocker(Optional.empty(), EvictionStrategy.NONE, Optional.empty(), Impact.SHUT_DOWN_FOR_GOOD)),
                        List.of("Fix standalone VMI db/pg-0: recreate it as a VirtualMachine with runStrategy Always and"
                                + " evictionStrategy None.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("remediations")
    void tellsHowToFixABlocker(Blocker blocker, List<String> instructions) {
        assertThat(blocker.remediation().instructions()).isEqualTo(instructions);
    }

    @Test
    void theMergePatchIsValidJsonThatRemovesRunning() throws Exception {
        var patch = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Remediation.VM_MERGE_PATCH);

        assertThat(patch.path("spec").path("running").isNull()).isTrue();
        assertThat(patch.path("spec").path("runStrategy").asText()).isEqualTo("Always");
        assertThat(patch.path("spec").path("template").path("spec").path("evictionStrategy").asText()).isEqualTo("None");
    }

    static Stream<Arguments> descriptions() {
        return Stream.of(
                Arguments.of(Named.of("a VM's VMI names its VM and strategies",
                                blocker(Optional.of("pg-0"), EvictionStrategy.LIVE_MIGRATE, Optional.of(RunStrategy.MANUAL),
                                        Impact.STALLS_DRAIN)),
                        "db/pg-0 (VM db/pg-0): PVC pg-data on hostpath storage; evictionStrategy=LiveMigrate, runStrategy=Manual"),
                Arguments.of(Named.of("a standalone VMI has no run strategy",
                                blocker(Optional.empty(), EvictionStrategy.NONE, Optional.empty(), Impact.SHUT_DOWN_FOR_GOOD)),
                        "db/pg-0 (standalone VMI): PVC pg-data on hostpath storage; evictionStrategy=None, runStrategy=none"),
                Arguments.of(Named.of("a VM not in the view has an unknown run strategy",
                                blocker(Optional.of("pg-0"), EvictionStrategy.NONE, Optional.empty(), Impact.SHUT_DOWN_FOR_GOOD)),
                        "db/pg-0 (VM db/pg-0): PVC pg-data on hostpath storage; evictionStrategy=None,"
                                + " runStrategy=unknown (VM not found)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptions")
    void describesABlockerOnOneLine(Blocker blocker, String line) {
        assertThat(blocker.describe()).isEqualTo(line);
    }

    @Test
    void sumsUpReasonsBeyondThree() {
        Blocker blocker = new Blocker("ns", "big", Optional.of("big"),
                List.of(new NotMigratable(NotMigratableReason.NON_RWX_PVC, "a"),
                        new NotMigratable(NotMigratableReason.SRIOV_INTERFACE, "b"),
                        new NotMigratable(NotMigratableReason.HOST_DEVICE, "c"),
                        new NotMigratable(NotMigratableReason.GPU, "d"),
                        new NotMigratable(NotMigratableReason.HOST_DISK, "e"),
                        new NotMigratable(NotMigratableReason.KUBEVIRT_CONDITION, "DisksNotLiveMigratable")),
                EvictionStrategy.NONE, Optional.of(RunStrategy.ONCE), Impact.SHUT_DOWN_FOR_GOOD);

        assertThat(blocker.describe()).isEqualTo("ns/big (VM ns/big): PVC a not ReadWriteMany, SR-IOV interface b,"
                + " host device c and 3 more; evictionStrategy=None, runStrategy=Once");
        assertThat(blocker.reasons()).extracting(NotMigratable::describe).containsExactly(
                "PVC a not ReadWriteMany", "SR-IOV interface b", "host device c", "GPU d", "hostDisk volume e",
                "LiveMigratable=False (DisksNotLiveMigratable)");
    }
}
