package io.hcoguard.placement;

/**
 * A node's taint ({@code spec.taints[]}), its effect spelled as Kubernetes spells it.
 */
public record Taint(String key, String value, String effect) {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    /** What a cordon means to the scheduler ({@code NodeUnschedulable} filter, {@code v1.TaintNodeUnschedulable}). */
    public static final Taint CORDON = new Taint("node.kubernetes.io/unschedulable", "", NO_SCHEDULE);

    public Taint {
        key = key == null ? "" : key;
        value = value == null ? "" : value;
        effect = effect == null ? "" : effect;
    }

    /** Only these keep a pod off a node; PreferNoSchedule is a score (scheduler {@code TaintToleration} filter). */
    public boolean repels() {
        return NO_SCHEDULE.equals(effect) || NO_EXECUTE.equals(effect);
    }

    /** As kubectl writes it: {@code dedicated=db:NoSchedule}, or {@code key:Effect} without a value. */
    public String describe() {
        return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }

    static Taint from(io.fabric8.kubernetes.api.model.Taint taint) {
        return new Taint(taint.getKey(), taint.getValue(), taint.getEffect());
    }
}
