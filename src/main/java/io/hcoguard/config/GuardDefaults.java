package io.hcoguard.config;

/**
 * The defaults of {@link GuardConfig}, as constants its {@code @WithDefault} annotations name, so
 * that code running without Quarkus (the {@code hco-guard} CLI) reads the very same values. Lists
 * are comma-separated, as in application.properties.
 */
public final class GuardDefaults {

    public static final String TLS_RELOAD_PERIOD = "10s";
    public static final String MIGRATABILITY_HOSTPATH_PROVISIONERS = "kubevirt.io.hostpath-provisioner,kubevirt.io/hostpath-provisioner";
    public static final String MIGRATABILITY_SRIOV_BLOCKS = "false";
    public static final String UPGRADE_FAIL_CLOSED = "true";
    public static final String UPGRADE_CSV_PREFIXES = "kubevirt-hyperconverged-operator.";
    public static final String UPGRADE_SUBSCRIPTION_PACKAGES = "kubevirt-hyperconverged";
    public static final String UPGRADE_MAX_LISTED_VMS = "10";
    public static final String UPGRADE_EXTERNAL_BLOCKS = "false";
    public static final String UPGRADE_HOLD_VIRTUALIZATION_UPDATES = "false";
    public static final String EVENTS_ENABLED = "true";
    public static final String OPENSHIFT_CLUSTER_OPERATOR = "true";
    public static final String OPENSHIFT_RESYNC_PERIOD = "30s";
    public static final String LEADER_ELECTION_LEASE_NAME = "hco-guard";
    /** client-go's defaults (leaderelection.LeaderElectionConfig as controller-runtime sets it): 15s, 10s, 2s. */
    public static final String LEADER_ELECTION_LEASE_DURATION = "15s";
    public static final String LEADER_ELECTION_RENEW_DEADLINE = "10s";
    public static final String LEADER_ELECTION_RETRY_PERIOD = "2s";

    private GuardDefaults() {
    }
}
