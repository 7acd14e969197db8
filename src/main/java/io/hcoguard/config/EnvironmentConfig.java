package io.hcoguard.config;

import io.hcoguard.migratability.MigratabilityPolicy;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@link GuardConfig} for code that runs without Quarkus (the {@code hco-guard} CLI), through SmallRye
 * Config standalone: the same mapping, so the same keys, environment variables (named as Quarkus
 * names them: {@code guard.migratability.sriov-blocks} -> {@code GUARD_MIGRATABILITY_SRIOV_BLOCKS}),
 * values and defaults as the webhook.
 */
public final class EnvironmentConfig {

    private EnvironmentConfig() {
    }

    /**
     * The settings from these environment variables and the system properties, over the defaults.
     *
     * @throws IllegalArgumentException naming each value that is not of its key's type
     */
    public static GuardConfig read(Map<String, String> environment) {
        return build(new EnvConfigSource(environment, EnvConfigSource.ORDINAL), new SysPropConfigSource());
    }

    /** Every key at its default. */
    public static GuardConfig defaults() {
        return build();
    }

    /** What the classifier reads of the migratability settings: the one conversion the webhook uses too. */
    public static MigratabilityPolicy policy(GuardConfig.Migratability config) {
        return new MigratabilityPolicy(Set.copyOf(config.hostpathProvisioners()), config.sriovBlocks());
    }

    private static GuardConfig build(ConfigSource... sources) {
        SmallRyeConfig config;
        try {
            config = new SmallRyeConfigBuilder()
                    .withSources(sources)
                    .withMapping(GuardConfig.class)
                    // Quarkus' reading of "10s", which SmallRye alone would take for ISO-8601 ("PT10S").
                    .withConverter(Duration.class, 200, new DurationConverter())
                    // Other programs' variables and properties share the environment: only guard.* is read.
                    .withValidateUnknown(false)
                    .build()
                    .unwrap(SmallRyeConfig.class);
        } catch (ConfigValidationException e) {
            throw new IllegalArgumentException(IntStream.range(0, e.getProblemCount())
                    // SmallRye's messages name the key and the value; the exception class is noise.
                    .mapToObj(i -> e.getProblem(i).getMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", ""))
                    .collect(Collectors.joining("; ")), e);
        }
        return config.getConfigMapping(GuardConfig.class);
    }
}
