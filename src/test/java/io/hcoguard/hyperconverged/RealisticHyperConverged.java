package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.databind.JsonNode;

/** A HyperConverged as a production cluster holds it, in the shape of each served version. */
final class RealisticHyperConverged {

    private static final String METADATA = "'metadata': {'name': 'kubevirt-hyperconverged', 'namespace': 'openshift-cnv',"
            + " 'generation': 7, 'resourceVersion': '918273', 'uid': '5d0c1a8e-4c1b-4f5e-9a51-2f0e7d6b4a10',"
            + " 'annotations': {'deployOVS': 'false'}, 'labels': {'app': 'kubevirt-hyperconverged'},"
            + " 'finalizers': ['kubevirt.io/hyperconverged']}";

    private static final String STATUS = "'status': {'observedGeneration': 7, 'conditions': [{'type': 'Available',"
            + " 'status': 'True', 'reason': 'ReconcileCompleted', 'message': 'Reconcile completed successfully',"
            + " 'lastTransitionTime': '2025-03-02T10:11:12Z', 'observedGeneration': 7}],"
            + " 'versions': [{'name': 'operator', 'version': '4.17.3'}]}";

    private static final String V1BETA1 = "{'apiVersion': 'hco.kubevirt.io/v1beta1', 'kind': 'HyperConverged', "
            + METADATA + ", 'spec': {"
            + "'certConfig': {'ca': {'duration': '48h0m0s', 'renewBefore': '24h0m0s'},"
            + " 'server': {'duration': '24h0m0s', 'renewBefore': '12h0m0s'}},"
            + " 'deployVmConsoleProxy': false, 'enableCommonBootImageImport': true,"
            + " 'evictionStrategy': 'LiveMigrate',"
            + " 'featureGates': {'downwardMetrics': false, 'deployKubeSecondaryDNS': false, 'alignCPUs': false},"
            + " 'higherWorkloadDensity': {'memoryOvercommitPercentage': 100}, 'infra': {},"
            + " 'liveMigrationConfig': {'allowAutoConverge': false, 'allowPostCopy': false, 'completionTimeoutPerGiB': 150,"
            + " 'parallelMigrationsPerCluster': 5, 'parallelOutboundMigrationsPerNode': 2, 'progressTimeout': 150},"
            + " 'uninstallStrategy': 'BlockUninstallIfWorkloadsExist',"
            + " 'virtualMachineOptions': {'disableFreePageReporting': false, 'disableSerialConsoleLog': true},"
            + " 'workloadUpdateStrategy': {'batchEvictionInterval': '1m0s', 'batchEvictionSize': 10,"
            + " 'workloadUpdateMethods': ['LiveMigrate', 'Evict']}, 'workloads': {}}, "
            + STATUS + "}";

    private static final String V1 = "{'apiVersion': 'hco.kubevirt.io/v1', 'kind': 'HyperConverged', "
            + METADATA + ", 'spec': {"
            + "'deployment': {'uninstallStrategy': 'BlockUninstallIfWorkloadsExist', 'deployVmConsoleProxy': false},"
            + " 'featureGates': [{'name': 'downwardMetrics', 'state': 'Disabled'}],"
            + " 'security': {'certConfig': {'ca': {'duration': '48h0m0s', 'renewBefore': '24h0m0s'},"
            + " 'server': {'duration': '24h0m0s', 'renewBefore': '12h0m0s'}}},"
            + " 'storage': {'scratchSpaceStorageClass': 'ocs-storagecluster-ceph-rbd'},"
            + " 'virtualization': {'evictionStrategy': 'LiveMigrate',"
            + " 'higherWorkloadDensity': {'memoryOvercommitPercentage': 100},"
            + " 'liveMigrationConfig': {'allowAutoConverge': false, 'allowPostCopy': false, 'completionTimeoutPerGiB': 150,"
            + " 'parallelMigrationsPerCluster': 5, 'parallelOutboundMigrationsPerNode': 2, 'progressTimeout': 150},"
            + " 'virtualMachineOptions': {'disableFreePageReporting': false, 'disableSerialConsoleLog': true},"
            + " 'workloadUpdateStrategy': {'batchEvictionInterval': '1m0s', 'batchEvictionSize': 10,"
            + " 'workloadUpdateMethods': ['LiveMigrate', 'Evict']}},"
            + " 'workloadSources': {'enableCommonBootImageImport': true}}, "
            + STATUS + "}";

    private RealisticHyperConverged() {
    }

    static JsonNode of(HyperConvergedLayout layout) {
        return Fixtures.json(layout == HyperConvergedLayout.V1 ? V1 : V1BETA1);
    }
}
