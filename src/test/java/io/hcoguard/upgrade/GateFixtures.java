package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hcoguard.drain.KubeVirtVersion;
import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.FinishedVmiEviction;
import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.NotMigratableReason;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.VmSnapshot;
import io.hcoguard.migratability.VmiSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateStrategy;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Requests, blockers and snapshots the gate and report tests share. */
final class GateFixtures {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final RequestUser ALICE = new RequestUser("alice", Set.of("system:authenticated", "virt-admins"));
    static final RequestUser BOB = new RequestUser("bob", Set.of("system:authenticated"));
    static final GatePolicy POLICY = GatePolicy.defaults().withOverrideGroups(Set.of("virt-admins"));

    private GateFixtures() {
    }

    /** Under [LiveMigrate, Evict]: the workload update evicts what cannot migrate. */
    static final ClusterSettings EVICTING = ClusterSettings.DEFAULTS
            .withWorkloadUpdate(new WorkloadUpdateStrategy(true, true, 10));

    /** Refuses eviction: LiveMigrate, not migratable (a ReadWriteOnce PVC), owned by a VM that runs Always. */
    static Verdicts stallsDrain(String namespace, String name) {
        return Verdicts.vmi(namespace, name).on("worker-1").strategy(EvictionStrategy.LIVE_MIGRATE)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-data"));
    }

    /** Evicted and not restarted: not migratable, None, owned by a Manual VM. */
    static Verdicts shutDown(String namespace, String name) {
        return Verdicts.vmi(namespace, name).on("worker-2").strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-data"));
    }

    /** A bare VMI with a host device. */
    static Verdicts standalone(String namespace, String name) {
        return Verdicts.vmi(namespace, name).on("worker-2").strategy(EvictionStrategy.NONE).standalone()
                .notMigratable("HostDeviceNotLiveMigratable", new NotMigratable(NotMigratableReason.HOST_DEVICE, "gpu1"));
    }

    /** A finished LiveMigrate VMI of a Manual VM, not migratable, under KubeVirt v1.2.2 (before the fix). */
    static VmiVerdict finished(String namespace, String name, String node) {
        VmiSnapshot vmi = VmiSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  namespace: %1$s
                  name: %2$s
                  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: %2$s, uid: u1, controller: true}]
                spec: {evictionStrategy: LiveMigrate}
                status:
                  phase: Succeeded
                  nodeName: %3$s
                  conditions: [{type: LiveMigratable, status: "False", reason: DisksNotLiveMigratable}]
                """.formatted(namespace, name, node)));
        VmSnapshot vm = VmSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {namespace: %s, name: %s}
                spec: {runStrategy: Manual}
                """.formatted(namespace, name)));
        return FinishedVmiEviction.judge(vmi, Optional.of(vm), EVICTING, KubeVirtVersion.parse("v1.2.2")).orElseThrow();
    }

    static VerdictSnapshot synced(Verdicts... vmis) {
        return Verdicts.snapshot(EVICTING, T0, vmis);
    }

    static VerdictSnapshot manyStallingDrains(int count) {
        Verdicts[] vmis = new Verdicts[count];
        for (int i = count; i > 0; i--) {
            vmis[count - i] = stallsDrain("ns", "vm-%02d".formatted(i));
        }
        return synced(vmis);
    }

    static final VerdictSnapshot THREE_BLOCKERS =
            synced(standalone("lab", "scratch"), shutDown("db", "pg-1"), stallsDrain("db", "pg-0"));
    static final VerdictSnapshot NOTHING_BLOCKS = synced();
    static final VerdictSnapshot NOT_SYNCED = VerdictSnapshot.notSynced(T0);

    /** ClusterVersion "version" that wants 4.17.1 (status) with the given spec.desiredUpdate. */
    static JsonNode clusterVersion(String desiredUpdate) {
        return KubeObjects.tree("""
                apiVersion: config.openshift.io/v1
                kind: ClusterVersion
                metadata: {name: version}
                spec: {clusterID: 9a1c, channel: stable-4.17, desiredUpdate: %s}
                status: {desired: {version: 4.17.1, image: "quay.io/okd/release@sha256:aaa"}}
                """.formatted(desiredUpdate));
    }

    static JsonNode installPlan(String approved, String csvNames) {
        return KubeObjects.tree("""
                apiVersion: operators.coreos.com/v1alpha1
                kind: InstallPlan
                metadata: {namespace: kubevirt-hyperconverged, name: install-7xk2p}
                spec: {approval: Manual, approved: %s, clusterServiceVersionNames: %s}
                """.formatted(approved, csvNames));
    }

    static JsonNode subscription(String spec) {
        return KubeObjects.tree("""
                apiVersion: operators.coreos.com/v1alpha1
                kind: Subscription
                metadata: {namespace: kubevirt-hyperconverged, name: hco-operatorhub}
                spec: %s
                """.formatted(spec));
    }

    /** The object with the override annotation set to {@code reason}. */
    static JsonNode overridden(JsonNode object, String reason) {
        ObjectNode copy = object.deepCopy();
        copy.withObject("/metadata/annotations").put(UpgradeGate.OVERRIDE_ANNOTATION, reason);
        return copy;
    }

    static GatedRequest update(String group, String kind, JsonNode oldObject, JsonNode object, RequestUser user) {
        return GatedRequest.of(group, kind, "UPDATE", object, oldObject, user, false);
    }

    static GatedRequest clusterVersionUpdate(JsonNode oldObject, JsonNode object, RequestUser user) {
        return update("config.openshift.io", "ClusterVersion", oldObject, object, user);
    }

    static GatedRequest installPlanUpdate(JsonNode oldObject, JsonNode object, RequestUser user) {
        return update("operators.coreos.com", "InstallPlan", oldObject, object, user);
    }

    /** An upgrade from 4.17.1 to 4.17.3, requested by {@code user}. */
    static GatedRequest upgradeTo4173(RequestUser user) {
        return clusterVersionUpdate(clusterVersion("{version: 4.17.1}"), clusterVersion("{version: 4.17.3}"), user);
    }

    /** The approval of OKD Virtualization 4.17.3's InstallPlan. */
    static GatedRequest approveHco(RequestUser user) {
        String csvs = "[kubevirt-hyperconverged-operator.v4.17.3]";
        return installPlanUpdate(installPlan("false", csvs), installPlan("true", csvs), user);
    }
}
