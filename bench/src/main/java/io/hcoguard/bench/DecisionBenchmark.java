package io.hcoguard.bench;

import io.hcoguard.config.EnvironmentConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.admission.AdmissionReviewCodec;
import io.hcoguard.admission.Decision;
import io.hcoguard.inventory.ClusterIndex;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.KubeVirtSimulation;
import io.hcoguard.migratability.MigratabilityClassifier;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VmSnapshot;
import io.hcoguard.migratability.VmiFacts;
import io.hcoguard.migratability.VmiSnapshot;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.GateVerdict;
import io.hcoguard.upgrade.GatedRequest;
import io.hcoguard.upgrade.RequestUser;
import io.hcoguard.upgrade.UpgradeGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one decision costs with the inventory at 1k, 10k and 50k VMIs (each with its VM and PVC),
 * beside two baselines measured in the same run: a trivial method ({@code Decision.allow()}) and
 * the JSON decode of the very AdmissionReview being judged, which every request pays anyway.
 *
 * <p>Two indexes of the same size: one where nothing blocks (the ClusterVersion update is allowed)
 * and one with {@code blockers} blocking VMIs (it is denied, with the message built).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DecisionBenchmark {

    @Param({"1000", "10000", "50000"})
    int vmis;

    @Param({"20"})
    int blockers;

    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();
    private final GatePolicy policy = GatePolicy.defaults();
    private final MigratabilityPolicy migratability = EnvironmentConfig.policy(EnvironmentConfig.defaults().migratability());

    private byte[] reviewBody;
    private GatedRequest clusterVersionUpdate;
    private ClusterIndex allowing;
    private ClusterIndex denying;

    private VmiSnapshot probeVmi;
    private Optional<VmSnapshot> probeOwner;
    private VmiFacts probeFacts;
    private GenericKubernetesResource unchangedVmi;
    private GenericKubernetesResource[] toggledVmi;
    private int toggle;

    @Setup(Level.Trial)
    public void fill() {
        reviewBody = payload("validate-upgrade.json");
        AdmissionInput input = codec.decode(reviewBody);
        clusterVersionUpdate = GatedRequest.of(
                input.kind().map(k -> k.getGroup()).orElse(""),
                input.kind().map(k -> k.getKind()).orElse(""),
                input.operation(), input.object(), input.oldObject(),
                new RequestUser(input.username(), new HashSet<>(input.groups())), input.dryRun());

        allowing = filled(new Fleet(vmis, 0));
        Fleet fleet = new Fleet(vmis, blockers);
        denying = filled(fleet);

        int probe = vmis - 1; // a migratable VMI with its VM and PVC in the index
        GenericKubernetesResource vmi = fleet.vmi(probe, "uid-" + probe);
        probeVmi = VmiSnapshot.from(vmi);
        probeOwner = Optional.of(VmSnapshot.from(fleet.vm(probe)));
        probeFacts = MigratabilityClassifier.classify(probeVmi, denying, denying, probeOwner, migratability);
        unchangedVmi = vmi;

        // Two versions of another migratable VMI whose facts differ (its eviction strategy), so
        // each upsert invalidates the cached view and the next read rebuilds it.
        int other = vmis - 2;
        GenericKubernetesResource liveMigrate = fleet.vmi(other, "uid-" + other);
        GenericKubernetesResource none = fleet.vmi(other, "uid-" + other);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) none.getAdditionalProperties().get("spec");
        spec.put("evictionStrategy", "None");
        toggledVmi = new GenericKubernetesResource[] {none, liveMigrate};

        check(allowing, 0, true);
        check(denying, blockers, false);
    }

    private ClusterIndex filled(Fleet fleet) {
        ClusterIndex index = new ClusterIndex(migratability, Clock.systemUTC());
        Fleet.storageClasses().forEach(sc -> index.upsert(WatchedKind.STORAGE_CLASS, sc));
        for (int i = 0; i < fleet.size(); i++) {
            index.upsert(WatchedKind.PERSISTENT_VOLUME_CLAIM, fleet.pvc(i));
            index.upsert(WatchedKind.VIRTUAL_MACHINE, fleet.vm(i));
            index.upsert(WatchedKind.VIRTUAL_MACHINE_INSTANCE, fleet.vmi(i, "uid-" + i));
        }
        return index;
    }

    /** Fails the trial when the fixture is not what the benchmark's name claims. */
    private void check(ClusterIndex index, int expectedBlockers, boolean allowed) {
        VerdictSnapshot snapshot = index.verdicts(true);
        int blocking = snapshot.withDrain(UpgradeGate.drainBlocking(policy)).size();
        if (snapshot.running().size() != vmis || blocking != expectedBlockers
                || UpgradeGate.judge(clusterVersionUpdate, snapshot, policy).decision().allowed() != allowed) {
            throw new IllegalStateException("fixture is not what the benchmark claims: " + snapshot.running().size()
                    + " running, " + blocking + " blockers");
        }
    }

    // --- baselines ----------------------------------------------------------------------------

    @Benchmark
    public Decision baseline_decisionAllow() {
        return Decision.allow();
    }

    @Benchmark
    public AdmissionInput baseline_decodeAdmissionReview() {
        return codec.decode(reviewBody);
    }

    // --- the gate: a ClusterVersion spec.desiredUpdate change ----------------------------------

    @Benchmark
    public GateVerdict judge_clusterVersion_allowed() {
        return UpgradeGate.judge(clusterVersionUpdate, allowing.verdicts(true), policy);
    }

    @Benchmark
    public GateVerdict judge_clusterVersion_denied() {
        return UpgradeGate.judge(clusterVersionUpdate, denying.verdicts(true), policy);
    }

    // --- the classifier, per watch event ------------------------------------------------------

    @Benchmark
    public VmiFacts classify_vmi() {
        return MigratabilityClassifier.classify(probeVmi, denying, denying, probeOwner, migratability);
    }

    /** What a HyperConverged edit's warnings read, computed once per snapshot: every VMI under 8 update scenarios. */
    @Benchmark
    public io.hcoguard.migratability.WorkloadForecast forecast_allVmis() {
        return io.hcoguard.migratability.WorkloadForecast.of(denying.verdicts(true).running());
    }

    /** The outcome model on one VMI: both outcomes with their consequences. */
    @Benchmark
    public VmiVerdict judge_vmi() {
        return KubeVirtSimulation.judge(probeFacts, ClusterSettings.DEFAULTS);
    }

    // --- the index: cached read, an event that changes nothing, an event that forces a rebuild --

    @Benchmark
    public VerdictSnapshot index_blockers_cached() {
        return denying.verdicts(true);
    }

    @Benchmark
    public VerdictSnapshot index_upsertUnchanged_thenBlockers() {
        denying.upsert(WatchedKind.VIRTUAL_MACHINE_INSTANCE, unchangedVmi);
        return denying.verdicts(true);
    }

    @Benchmark
    public VerdictSnapshot index_upsertChanged_thenBlockers() {
        toggle ^= 1;
        denying.upsert(WatchedKind.VIRTUAL_MACHINE_INSTANCE, toggledVmi[toggle]);
        return denying.verdicts(true);
    }

    static byte[] payload(String name) {
        try (InputStream in = DecisionBenchmark.class.getResourceAsStream("/payloads/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing payload " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
