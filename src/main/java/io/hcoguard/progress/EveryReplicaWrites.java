package io.hcoguard.progress;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Until a Lease-based leader election provides a {@link WriterRole} bean, every replica writes:
 * the drain Events are named per object and drain, so a second replica's write is refused by the
 * API server (409) rather than duplicated.
 */
@DefaultBean
@ApplicationScoped
public class EveryReplicaWrites implements WriterRole {

    @Override
    public boolean writes() {
        return true;
    }
}
