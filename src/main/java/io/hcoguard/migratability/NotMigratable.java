package io.hcoguard.migratability;

import java.util.Objects;

/** One reason a VMI cannot be live migrated, with what causes it (a PVC, an interface, ...). */
public record NotMigratable(NotMigratableReason kind, String detail) {

    public NotMigratable {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    public String describe() {
        return kind.describe(detail);
    }
}
