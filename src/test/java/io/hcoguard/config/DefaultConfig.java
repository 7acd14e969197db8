package io.hcoguard.config;

import io.hcoguard.migratability.MigratabilityPolicy;

/** The settings every test judges with unless it says otherwise: GuardConfig's defaults, as the webhook reads them. */
public final class DefaultConfig {

    private DefaultConfig() {
    }

    public static MigratabilityPolicy migratabilityPolicy() {
        return EnvironmentConfig.policy(EnvironmentConfig.defaults().migratability());
    }
}
