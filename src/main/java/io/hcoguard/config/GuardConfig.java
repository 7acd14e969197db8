package io.hcoguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of hco-guard and its default, in one place (prefix {@code guard}). Each key can be
 * set in application.properties, as a system property or by environment variable, e.g.
 * {@code GUARD_UPGRADE_FAIL_CLOSED=false}. The webhook reads it through Quarkus, the CLI through
 * SmallRye Config standalone ({@link EnvironmentConfig}): same keys, same variables, same defaults.
 * The README lists them with their meaning.
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
        /** PEM serving certificate (chain); env GUARD_TLS_CERT. certs/generate.sh writes this pair. */
        @WithDefault("certs/out/tls.crt")
        String cert();

        /** PEM private key of the serving certificate; env GUARD_TLS_KEY. */
        @WithDefault("certs/out/tls.key")
        String key();

        /** How often the files are checked for a renewal, served without a restart (io.hcoguard.tls.CertificateReload). */
        @WithDefault("10s")
        Duration reloadPeriod();
    }

    interface Migratability {
        /** StorageClass provisioners whose volumes are node-local, so their VMIs cannot migrate. */
        @WithDefault("kubevirt.io.hostpath-provisioner,kubevirt.io/hostpath-provisioner")
        List<String> hostpathProvisioners();

        /**
         * SR-IOV interfaces make a migration fail. KubeVirt migrates them since v0.57 and its
         * LiveMigratable condition decides (false); set true where target nodes lack free VFs.
         */
        @WithDefault("false")
        boolean sriovBlocks();
    }

    interface Upgrade {
        /** Groups whose members may override the gate with the allow-upgrade-with-blockers annotation. */
        Optional<List<String>> overrideGroups();

        /** Deny gated requests while the cluster view is not synced (true), or allow them with a warning. */
        @WithDefault("true")
        boolean failClosed();

        /** ClusterServiceVersion name prefixes that identify OKD Virtualization in an InstallPlan. */
        @WithDefault("kubevirt-hyperconverged-operator.")
        List<String> csvPrefixes();

        /** Subscription package names that get the channel/approval warnings. */
        @WithDefault("kubevirt-hyperconverged")
        List<String> subscriptionPackages();

        /** How many blocking VMs a denial lists before "and N more". */
        @WithDefault("10")
        int maxListedVms();

        /**
         * VMIs with evictionStrategy External block a cluster upgrade (false: a warning counts them;
         * KubeVirt leaves them to an external controller by design).
         */
        @WithDefault("false")
        boolean externalBlocks();

        /**
         * Hold OKD Virtualization updates, whatever the Subscription's approval mode, with an
         * Upgradeable=False override on the OperatorCondition of HCO's installed CSV while the workload
         * update would shut a running VMI down for good (io.hcoguard.openshift.VirtualizationHold).
         */
        @WithDefault("false")
        boolean holdVirtualizationUpdates();
    }

    interface Inventory {
        /**
         * Longest a watch may go without proof from the API server itself that it is alive (an answer,
         * an event, a bookmark) before the cluster view counts as not synced (io.hcoguard.inventory.StalenessBound):
         * gated requests are then denied as not verifiable (README, "A stale view").
         */
        @WithDefault("60s")
        Duration maxStaleness();
    }

    interface OpenShift {
        /**
         * Write ClusterOperator hco-guard (Upgradeable=False while a running VMI blocks a cluster update)
         * where the kind is served; elsewhere the part is off by itself.
         */
        @WithDefault("true")
        boolean clusterOperator();

        /**
         * How often every replica reads the objects hco-guard writes (ClusterOperator, OperatorCondition)
         * and whether their kinds are served: the writer recreates a deleted ClusterOperator and undoes
         * edits within this period. Changes of the view are written within a second.
         */
        @WithDefault("30s")
        Duration resyncPeriod();
    }

    /** The Lease (coordination.k8s.io) whose holder is the one replica that writes to the cluster. */
    interface LeaderElection {
        @WithDefault("hco-guard")
        String leaseName();

        /** Default: the namespace hco-guard runs in (its service account's). */
        Optional<String> leaseNamespace();

        /**
         * How long a leader that stopped renewing keeps the Lease before another replica takes it.
         * This and the next two are client-go's defaults, as controller-runtime sets them: 15s, 10s, 2s.
         */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it stops writing. */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often the leader renews, and the others try to acquire. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    interface Events {
        /** Write a Kubernetes Event on each denied (non-dry-run) upgrade request, and on each stalled drain's Node and VMIs. */
        @WithDefault("true")
        boolean enabled();
    }
}
