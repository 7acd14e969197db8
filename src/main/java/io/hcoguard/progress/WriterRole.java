package io.hcoguard.progress;

/**
 * Whether this replica writes to the cluster (the drain Events): exactly one replica should, so an
 * admin sees one Event, not one per replica. Every replica computes the same drains and gauges.
 */
public interface WriterRole {

    boolean writes();
}
