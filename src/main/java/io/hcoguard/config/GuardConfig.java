package io.hcoguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of hco-guard, in one place (prefix {@code guard}). Each key can be set in
 * application.properties or by environment variable, e.g. {@code GUARD_UPGRADE_FAIL_CLOSED=false}.
 * The README lists them with their meaning. The defaults are constants of {@link GuardDefaults},
 * which the CLI reads too.
 */
@ConfigMapping(prefix = "guard")
public interface GuardConfig {

    Tls tls();

    Migratability migratability();

    Upgrade upgrade();

    Events events();

    Inventory inventory();

    OpenShift openshift();

    LeaderElection leaderElection();

    interface Tls {
        /** PEM serving certificate (chain); env GUARD_TLS_CERT. */
        String cert();

        /** PEM private key of the serving certificate; env GUARD_TLS_KEY. */
        String key();

        /** How often the files are checked for a renewal, served without a restart (io.hcoguard.tls.CertificateReload). */
        @WithDefault(GuardDefaults.TLS_RELOAD_PERIOD)
        Duration reloadPeriod();
    }

    interface Migratability {
        /** StorageClass provisioners whose volumes are node-local, so their VMIs cannot migrate. */
        @WithDefault(GuardDefaults.MIGRATABILITY_HOSTPATH_PROVISIONERS)
        List<String> hostpathProvisioners();

        /**
         * SR-IOV interfaces make a migration fail. KubeVirt migrates them since v0.57 and its
         * LiveMigratable condition decides (false); set true where target nodes lack free VFs.
         */
        @WithDefault(GuardDefaults.MIGRATABILITY_SRIOV_BLOCKS)
        boolean sriovBlocks();
    }

    interface Upgrade {
        /** Groups whose members may override the gate with the allow-upgrade-with-blockers annotation. */
        Optional<List<String>> overrideGroups();

        /** Deny gated requests while the cluster view is not synced (true), or allow them with a warning. */
        @WithDefault(GuardDefaults.UPGRADE_FAIL_CLOSED)
        boolean failClosed();

        /** ClusterServiceVersion name prefixes that identify OKD Virtualization in an InstallPlan. */
        @WithDefault(GuardDefaults.UPGRADE_CSV_PREFIXES)
        List<String> csvPrefixes();

        /** Subscription package names that get the channel/approval warnings. */
        @WithDefault(GuardDefaults.UPGRADE_SUBSCRIPTION_PACKAGES)
        List<String> subscriptionPackages();

        /** How many blocking VMs a denial lists before "and N more". */
        @WithDefault(GuardDefaults.UPGRADE_MAX_LISTED_VMS)
        int maxListedVms();

        /**
         * VMIs with evictionStrategy External block a cluster upgrade (false: a warning counts them;
         * KubeVirt leaves them to an external controller by design).
         */
        @WithDefault(GuardDefaults.UPGRADE_EXTERNAL_BLOCKS)
        boolean externalBlocks();

        /**
         * Hold OKD Virtualization updates, whatever the Subscription's approval mode, with an
         * Upgradeable=False override on the OperatorCondition of HCO's installed CSV while the workload
         * update would shut a running VMI down for good (io.hcoguard.openshift.VirtualizationHold).
         */
        @WithDefault(GuardDefaults.UPGRADE_HOLD_VIRTUALIZATION_UPDATES)
        boolean holdVirtualizationUpdates();
    }

    interface Inventory {
        /**
         * Longest a watch may go without proof from the API server itself that it is alive (an answer,
         * an event, a bookmark) before the cluster view counts as not synced (io.hcoguard.inventory.StalenessBound).
         */
        @WithDefault("60s")
        Duration maxStaleness();
    }

    interface OpenShift {
        /**
         * Write ClusterOperator hco-guard (Upgradeable=False while a running VMI blocks a cluster update)
         * where the kind is served; elsewhere the part is off by itself.
         */
        @WithDefault(GuardDefaults.OPENSHIFT_CLUSTER_OPERATOR)
        boolean clusterOperator();

        /**
         * How often every replica reads the objects hco-guard writes (ClusterOperator, OperatorCondition)
         * and whether their kinds are served: the writer recreates a deleted ClusterOperator and undoes
         * edits within this period. Changes of the view are written within a second.
         */
        @WithDefault(GuardDefaults.OPENSHIFT_RESYNC_PERIOD)
        Duration resyncPeriod();
    }

    /** The Lease (coordination.k8s.io) whose holder is the one replica that writes to the cluster. */
    interface LeaderElection {
        @WithDefault(GuardDefaults.LEADER_ELECTION_LEASE_NAME)
        String leaseName();

        /** Default: the namespace hco-guard runs in (its service account's). */
        Optional<String> leaseNamespace();

        /** How long a leader that stopped renewing keeps the Lease before another replica takes it. */
        @WithDefault(GuardDefaults.LEADER_ELECTION_LEASE_DURATION)
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it stops writing. */
        @WithDefault(GuardDefaults.LEADER_ELECTION_RENEW_DEADLINE)
        Duration renewDeadline();

        /** How often the leader renews, and the others try to acquire. */
        @WithDefault(GuardDefaults.LEADER_ELECTION_RETRY_PERIOD)
        Duration retryPeriod();
    }

    interface Events {
        /** Write a Kubernetes Event on each denied (non-dry-run) upgrade request, and on each stalled drain's Node and VMIs. */
        @WithDefault(GuardDefaults.EVENTS_ENABLED)
        boolean enabled();
    }
}
