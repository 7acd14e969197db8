package io.hcoguard.openshift;

import io.hcoguard.progress.WriterRole;
import jakarta.enterprise.context.ApplicationScoped;

/** The replica that holds the Lease writes the drain Events, as it writes the ClusterOperator and the hold. */
@ApplicationScoped
class LeaseWriterRole implements WriterRole {

    private final OpenShiftSurfaces surfaces;

    LeaseWriterRole(OpenShiftSurfaces surfaces) {
        this.surfaces = surfaces;
    }

    @Override
    public boolean writes() {
        return surfaces.writer().leading();
    }
}
