package io.hcoguard.openshift;

/** Where a surface stands, as the report names it and the log says it once, when it changes. */
enum SurfaceState {
    OFF("switched off by configuration", false),
    NOT_READ_YET("not read yet", false),
    /** The ClusterOperator exists with hco-guard's status. */
    WRITTEN("written", false),
    /** No ClusterOperator yet, and this replica does not write. */
    NOT_WRITTEN_YET("not written yet", false),
    KIND_ABSENT("off: the API server does not serve the kind (its CRD is not installed)", false),
    FORBIDDEN("off: hco-guard's service account may not do this (RBAC)", true),
    FAILING("failing", true),
    HELD("holds OKD Virtualization updates", false),
    NOT_HELD("does not hold OKD Virtualization updates", false),
    FOREIGN_OVERRIDE("left alone: an Upgradeable override hco-guard did not write decides", false),
    NO_INSTALLED_CSV("off: no Subscription of the package has an installed CSV", false),
    NO_OPERATOR_CONDITION("off: the installed CSV has no OperatorCondition", false);

    private final String text;
    private final boolean warning;

    SurfaceState(String text, boolean warning) {
        this.text = text;
        this.warning = warning;
    }

    String text() {
        return text;
    }

    /** Logged as a warning: something an admin must fix. */
    boolean warning() {
        return warning;
    }
}
