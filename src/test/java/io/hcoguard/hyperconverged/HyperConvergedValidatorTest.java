package io.hcoguard.hyperconverged;

import static io.hcoguard.hyperconverged.Fixtures.at;
import static io.hcoguard.hyperconverged.Fixtures.create;
import static io.hcoguard.hyperconverged.Fixtures.hco;
import static io.hcoguard.hyperconverged.Fixtures.inBothLayouts;
import static io.hcoguard.hyperconverged.Fixtures.json;
import static io.hcoguard.hyperconverged.Fixtures.otherThan;
import static io.hcoguard.hyperconverged.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.admission.Decision;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.LiveMigratable;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.WorkloadForecast;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HyperConvergedValidatorTest {

    private static final String METHODS = "\"LiveMigrate\", \"Evict\"";
    private static final String STRATEGIES = "\"None\", \"LiveMigrate\", \"LiveMigrateIfPossible\", \"External\"";
    private static final String DURATION = "a Go duration, not negative, such as \"1m30s\" (units ns, us, ms, s, m, h)";
    private static final WorkloadForecast NONE_RUNNING = WorkloadForecast.of(List.of());
    private static final LiveMigratable NOT_MIGRATABLE = new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable");
    /**
     * Five running VMIs, judged under the cluster's current settings (no cluster strategy):
     * a migratable and restarted, b migratable and not restarted, c neither, d refusing eviction
     * (LiveMigrate, not migratable), e started before KubeVirt 1.1 (no own strategy), outdated.
     */
    private static final WorkloadForecast FLEET = WorkloadForecast.of(Stream.of(
                    Verdicts.vmi("ns", "a").strategy(EvictionStrategy.NONE),
                    Verdicts.vmi("ns", "b").strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL),
                    Verdicts.vmi("ns", "c").strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL).condition(NOT_MIGRATABLE),
                    Verdicts.vmi("ns", "d").strategy(EvictionStrategy.LIVE_MIGRATE).condition(NOT_MIGRATABLE),
                    Verdicts.vmi("ns", "e").condition(NOT_MIGRATABLE).outdated())
            .map(Verdicts::judge).toList());

    private final HyperConvergedValidator validator = new HyperConvergedValidator();

    /** {@code count} copies of each VMI of every kind, so every warning has a five-digit count. */
    private static WorkloadForecast manyOfEach(int count) {
        List<io.hcoguard.migratability.VmiVerdict> verdicts = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            verdicts.add(Verdicts.vmi("ns", "a" + i).strategy(EvictionStrategy.LIVE_MIGRATE).condition(NOT_MIGRATABLE).judge());
            verdicts.add(Verdicts.vmi("ns", "b" + i).strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL).judge());
            verdicts.add(Verdicts.vmi("ns", "c" + i).vm(RunStrategy.MANUAL).condition(NOT_MIGRATABLE).outdated().judge());
        }
        return WorkloadForecast.of(verdicts);
    }

    /** A CREATE and what the validator must answer; {@code $} in fields and texts is the layout's parent. */
    record Case(String name, String fields, Optional<WorkloadForecast> running, String denial, List<String> warnings) {

        static Case allows(String name, String fields) {
            return new Case(name, fields, Optional.empty(), null, List.of());
        }

        static Case denies(String name, String fields, String... messages) {
            return new Case(name, fields, Optional.empty(), String.join("; ", messages), List.of());
        }

        static Case warns(String name, String fields, WorkloadForecast running, String... warnings) {
            return new Case(name, fields, Optional.of(running), null, List.of(warnings));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> allowedCases() {
        return Stream.of(
                Case.allows("allowsNoSpec", null),
                Case.allows("allowsSpecWithoutWorkloadUpdateStrategy", "{}"),
                Case.allows("allowsNullWorkloadUpdateStrategy", "{'workloadUpdateStrategy': null}"),
                Case.allows("allowsStrategyWithoutMethods", "{'workloadUpdateStrategy': {'batchEvictionSize': 5}}"),
                Case.allows("allowsLiveMigrateWithDefaults", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate'], 'batchEvictionSize': 10, 'batchEvictionInterval': '1m0s'}}"),
                Case.allows("allowsEvictAlone", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionSize': 1, 'batchEvictionInterval': '1h2m3.5s'}}"),
                Case.allows("allowsBothMethods", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate', 'Evict'], 'batchEvictionSize': 1000, 'batchEvictionInterval': '300ms'}}"),
                Case.allows("allowsEvictWithoutBatchSettings", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict']}}"),
                Case.allows("allowsEmptyMethodList", "{'workloadUpdateStrategy': {'workloadUpdateMethods': []}}"),
                Case.allows("allowsDuplicateMethodsTheMutatorDrops",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict', 'LiveMigrate']}}"),
                Case.allows("allowsNonCanonicalIntervalTheMutatorRewrites",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '90s'}}"),
                Case.allows("allowsIntervalInMicroseconds",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '1µs'}}"),
                Case.allows("allowsNullBatchSettings", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionSize': null, 'batchEvictionInterval': null}}"),
                Case.allows("allowsEvictionStrategyNone", "{'evictionStrategy': 'None'}"),
                Case.allows("allowsEvictionStrategyLiveMigrate", "{'evictionStrategy': 'LiveMigrate'}"),
                Case.allows("allowsEvictionStrategyLiveMigrateIfPossible", "{'evictionStrategy': 'LiveMigrateIfPossible'}"),
                Case.allows("allowsEvictionStrategyExternal", "{'evictionStrategy': 'External'}"),
                Case.allows("allowsEvictWhileLiveMigrationIsOff", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict']},"
                        + " 'liveMigrationConfig': {'parallelMigrationsPerCluster': 0}}"),
                Case.allows("allowsLiveMigrateWhileLiveMigrationIsOn", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate']}, 'liveMigrationConfig': {'parallelMigrationsPerCluster': 5,"
                        + " 'parallelOutboundMigrationsPerNode': 2}}"),
                Case.allows("allowsEmptyListWhileLiveMigrationIsOff", "{'workloadUpdateStrategy': {'workloadUpdateMethods': []},"
                        + " 'liveMigrationConfig': {'parallelMigrationsPerCluster': 0}}"));
    }

    static Stream<Case> deniedCases() {
        String methods = "$.workloadUpdateStrategy.workloadUpdateMethods";
        String size = "$.workloadUpdateStrategy.batchEvictionSize: must be an integer >= 1 when \"Evict\" is listed, got ";
        String interval = "$.workloadUpdateStrategy.batchEvictionInterval: must be " + DURATION + ", got ";
        return Stream.of(
                Case.denies("deniesLowerCaseMethodWithSuggestion", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['livemigrate']}}",
                        methods + "[0]: must be one of " + METHODS + ", got \"livemigrate\", did you mean \"LiveMigrate\"?"),
                Case.denies("deniesMisspelledMethodWithSuggestion",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evic']}}",
                        methods + "[1]: must be one of " + METHODS + ", got \"Evic\", did you mean \"Evict\"?"),
                Case.denies("deniesDashedMethodWithSuggestion", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['live-migrate']}}",
                        methods + "[0]: must be one of " + METHODS + ", got \"live-migrate\", did you mean \"LiveMigrate\"?"),
                Case.denies("deniesUnknownMethodWithoutSuggestion", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Restart']}}",
                        methods + "[0]: must be one of " + METHODS + ", got \"Restart\""),
                Case.denies("deniesEveryBadMethodInOneMessage",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['evict', 'LiveMigrate', 'Reboot']}}",
                        methods + "[0]: must be one of " + METHODS + ", got \"evict\", did you mean \"Evict\"?",
                        methods + "[2]: must be one of " + METHODS + ", got \"Reboot\""),
                Case.denies("deniesNumberAsMethod", "{'workloadUpdateStrategy': {'workloadUpdateMethods': [5]}}",
                        methods + "[0]: must be one of " + METHODS + ", got 5"),
                Case.denies("deniesNullAsMethod", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict', null]}}",
                        methods + "[1]: must be one of " + METHODS + ", got null"),
                Case.denies("deniesObjectAsMethod", "{'workloadUpdateStrategy': {'workloadUpdateMethods': [{'name': 'Evict'}]}}",
                        methods + "[0]: must be one of " + METHODS + ", got {\"name\":\"Evict\"}"),
                Case.denies("deniesMethodsThatAreNotAList", "{'workloadUpdateStrategy': {'workloadUpdateMethods': 'LiveMigrate'}}",
                        methods + ": must be a list such as [\"LiveMigrate\"] (allowed: " + METHODS + "), got \"LiveMigrate\""),
                Case.denies("deniesStrategyThatIsNotAnObject", "{'workloadUpdateStrategy': 'LiveMigrate'}",
                        "$.workloadUpdateStrategy: must be an object with workloadUpdateMethods, got \"LiveMigrate\""),
                Case.denies("deniesZeroBatchSizeWithEvict",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': 0}}", size + "0"),
                Case.denies("deniesNegativeBatchSizeWithEvict",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': -1}}", size + "-1"),
                Case.denies("deniesStringBatchSizeWithEvict",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': '10'}}", size + "\"10\""),
                Case.denies("deniesFractionalBatchSizeWithEvict",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': 2.5}}", size + "2.5"),
                Case.denies("deniesBooleanBatchSizeWithBothMethods", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate', 'Evict'], 'batchEvictionSize': true}}", size + "true"),
                Case.denies("deniesBatchSizeBeyond64Bits", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionSize': 99999999999999999999}}", size + "99999999999999999999"),
                Case.denies("deniesIntervalInDaysWithHint",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '1d'}}",
                        interval + "\"1d\" (unknown unit \"d\", days are not a Go unit, use \"24h\")"),
                Case.denies("deniesEmptyInterval",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': ''}}",
                        interval + "\"\" (empty)"),
                Case.denies("deniesNegativeInterval",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '-1m'}}",
                        interval + "\"-1m\" (negative)"),
                Case.denies("deniesIntervalWithoutUnit",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '60'}}",
                        interval + "\"60\" (missing unit)"),
                Case.denies("deniesIntervalWithUnknownUnit",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '5mins'}}",
                        interval + "\"5mins\" (unknown unit \"mins\")"),
                Case.denies("deniesIntervalThatIsNoNumber",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': 'one minute'}}",
                        interval + "\"one minute\" (expected a number)"),
                Case.denies("deniesIntervalBeyondGoRange", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionInterval': '3000000h'}}", interval + "\"3000000h\" (out of range)"),
                Case.denies("deniesNumberAsInterval",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': 60}}",
                        interval + "60 (not a string)"),
                Case.denies("deniesBadIntervalEvenWithoutEvict",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate'], 'batchEvictionInterval': '1d'}}",
                        interval + "\"1d\" (unknown unit \"d\", days are not a Go unit, use \"24h\")"),
                Case.denies("deniesLiveMigrateAloneWhileClusterMigrationsAreZero", "{'workloadUpdateStrategy':"
                        + " {'workloadUpdateMethods': ['LiveMigrate']}, 'liveMigrationConfig': {'parallelMigrationsPerCluster': 0}}",
                        methods + ": must list \"Evict\" too while live migration is off"
                                + " ($.liveMigrationConfig.parallelMigrationsPerCluster: 0), got [\"LiveMigrate\"]"),
                Case.denies("deniesLiveMigrateAloneWhileNodeMigrationsAreZero", "{'workloadUpdateStrategy':"
                        + " {'workloadUpdateMethods': ['LiveMigrate']}, 'liveMigrationConfig': {'parallelOutboundMigrationsPerNode': 0}}",
                        methods + ": must list \"Evict\" too while live migration is off"
                                + " ($.liveMigrationConfig.parallelOutboundMigrationsPerNode: 0), got [\"LiveMigrate\"]"),
                Case.denies("deniesLiveMigrateAloneNamingBothSwitchedOffFields", "{'workloadUpdateStrategy':"
                        + " {'workloadUpdateMethods': ['LiveMigrate', 'LiveMigrate']}, 'liveMigrationConfig':"
                        + " {'parallelMigrationsPerCluster': 0, 'parallelOutboundMigrationsPerNode': 0}}",
                        methods + ": must list \"Evict\" too while live migration is off"
                                + " ($.liveMigrationConfig.parallelMigrationsPerCluster: 0,"
                                + " $.liveMigrationConfig.parallelOutboundMigrationsPerNode: 0),"
                                + " got [\"LiveMigrate\",\"LiveMigrate\"]"),
                Case.denies("deniesLowerCaseEvictionStrategyWithSuggestion", "{'evictionStrategy': 'livemigrate'}",
                        "$.evictionStrategy: must be one of " + STRATEGIES + ", got \"livemigrate\", did you mean \"LiveMigrate\"?"),
                Case.denies("deniesMisspelledEvictionStrategyWithSuggestion", "{'evictionStrategy': 'LiveMigrateIfPosible'}",
                        "$.evictionStrategy: must be one of " + STRATEGIES
                                + ", got \"LiveMigrateIfPosible\", did you mean \"LiveMigrateIfPossible\"?"),
                Case.denies("deniesUnknownEvictionStrategyWithoutSuggestion", "{'evictionStrategy': 'Drain'}",
                        "$.evictionStrategy: must be one of " + STRATEGIES + ", got \"Drain\""),
                Case.denies("deniesNumberAsEvictionStrategy", "{'evictionStrategy': 1}",
                        "$.evictionStrategy: must be one of " + STRATEGIES + ", got 1"),
                Case.denies("deniesLongBadValueShowingItsStart",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['" + "x".repeat(100) + "']}}",
                        methods + "[0]: must be one of " + METHODS + ", got \"" + "x".repeat(36) + "..."),
                Case.denies("deniesEveryViolationAtOnce", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['Evict', 'livemigrate'], 'batchEvictionSize': 0, 'batchEvictionInterval': '1d'},"
                        + " 'evictionStrategy': 'none'}",
                        methods + "[1]: must be one of " + METHODS + ", got \"livemigrate\", did you mean \"LiveMigrate\"?",
                        size + "0",
                        interval + "\"1d\" (unknown unit \"d\", days are not a Go unit, use \"24h\")",
                        "$.evictionStrategy: must be one of " + STRATEGIES + ", got \"none\", did you mean \"None\"?"),
                Case.denies("deniesMisspeltMethodAndLiveMigrateAloneWhileMigrationIsOff",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evic']},"
                        + " 'liveMigrationConfig': {'parallelMigrationsPerCluster': 0}}",
                        methods + "[1]: must be one of " + METHODS + ", got \"Evic\", did you mean \"Evict\"?",
                        methods + ": must list \"Evict\" too while live migration is off"
                                + " ($.liveMigrationConfig.parallelMigrationsPerCluster: 0), got [\"LiveMigrate\",\"Evic\"]"));
    }

    static Stream<Case> warningCases() {
        String report = "; see /upgrade-readiness";
        return Stream.of(
                Case.warns("warnsEvictAloneCountsShutdownsAndVmisThatRefuseEviction",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict']}}", FLEET,
                        "\"Evict\" is listed: 2 running VMIs would be shut down and not restarted" + report,
                        "1 running VMI would keep an outdated launcher (cannot migrate, or \"Evict\" not listed)" + report),
                Case.warns("warnsEvictBesideLiveMigrateCountsOnlyVmisThatCannotMigrate",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict']}}", FLEET,
                        "\"Evict\" is listed: 1 running VMI would be shut down and not restarted" + report,
                        "1 running VMI would keep an outdated launcher (cannot migrate, or \"Evict\" not listed)" + report),
                Case.warns("warnsLiveMigrateAloneLeavesVmisThatCannotMigrateOutdated",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'LiveMigrate']}}", FLEET,
                        "3 running VMIs would keep an outdated launcher (cannot migrate, or \"Evict\" not listed)" + report),
                Case.warns("warnsThatABatchSizeOfZeroEvictsNothing",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate'], 'batchEvictionSize': 0}}", FLEET,
                        "batchEvictionSize must be an integer >= 1 once \"Evict\" is listed, got 0",
                        "3 running VMIs would keep an outdated launcher (cannot migrate, or \"Evict\" not listed)" + report),
                Case.warns("warnsEmptyMethodListLeavesOutdatedLaunchers",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': []}}", FLEET,
                        "no workloadUpdateMethods, updates off: 1 running VMI run outdated launchers" + report),
                Case.warns("warnsNothingWithoutMethodList",
                        "{'workloadUpdateStrategy': {'batchEvictionSize': 10}}", FLEET),
                Case.warns("warnsNothingWhenNoVmiRuns",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict']}}", NONE_RUNNING),
                Case.warns("warnsThatLiveMigrateWithEvictNeverUpdatesMigratableVmisWhileMigrationIsOff",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict']},"
                                + " 'liveMigrationConfig': {'parallelOutboundMigrationsPerNode': 0}}", FLEET,
                        "\"LiveMigrate\" with \"Evict\" while live migration is off: VMIs that could migrate are never updated",
                        "\"Evict\" is listed: 1 running VMI would be shut down and not restarted" + report,
                        "3 running VMIs would keep an outdated launcher (cannot migrate, or \"Evict\" not listed)" + report),
                Case.warns("warnsThatANewClusterStrategyPassesRunningVmisBy",
                        "{'evictionStrategy': 'LiveMigrate'}", FLEET,
                        "evictionStrategy LiveMigrate applies to new VMIs: 4 running VMIs keep theirs (1 would stall a drain)",
                        "evictionStrategy LiveMigrate: 1 running VMI without its own follows it and would stall a drain"),
                Case.warns("warnsNothingWhenTheNewStrategyStallsNoVmiWithoutItsOwn",
                        "{'evictionStrategy': 'LiveMigrateIfPossible'}", FLEET,
                        "evictionStrategy LiveMigrateIfPossible applies to new VMIs: 4 running VMIs keep theirs"
                                + " (1 would stall a drain)"),
                Case.warns("warnsZeroIntervalEvictsWithoutPause",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': 5,"
                                + " 'batchEvictionInterval': '0s'}}", NONE_RUNNING,
                        "batchEvictionInterval \"0s\": KubeVirt evicts a batch on every pass, without a pause"),
                Case.warns("warnsBareZeroIntervalEvictsWithoutPause",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': '0'}}",
                        NONE_RUNNING, "batchEvictionInterval \"0\": KubeVirt evicts a batch on every pass, without a pause"),
                Case.warns("warnsBothMethodsWhileLiveMigrationIsOffEvenWithNoVmiRunning",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict']},"
                                + " 'liveMigrationConfig': {'parallelOutboundMigrationsPerNode': 0}}", NONE_RUNNING,
                        "\"LiveMigrate\" with \"Evict\" while live migration is off: VMIs that could migrate are never updated"),
                Case.warns("warnsStringBatchSizeWithoutMethods",
                        "{'workloadUpdateStrategy': {'batchEvictionSize': '10'}}",
                        NONE_RUNNING,
                        "batchEvictionSize must be an integer >= 1 once \"Evict\" is listed, got \"10\""));
    }

    static Stream<Arguments> allowed() {
        return inBothLayouts(allowedCases());
    }

    static Stream<Arguments> denied() {
        return inBothLayouts(deniedCases());
    }

    static Stream<Arguments> warned() {
        return inBothLayouts(warningCases());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("allowed")
    void allowsWithoutWarnings(Case c, HyperConvergedLayout layout) {
        assertThat(validator.validate(create(layout, c.fields()), Optional.of(NONE_RUNNING))).isEqualTo(Decision.allow());
        assertThat(validator.validate(create(layout, c.fields()), Optional.empty())).isEqualTo(Decision.allow());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("denied")
    void deniesNamingFieldValueAndAllowedValues(Case c, HyperConvergedLayout layout) {
        Decision decision = validator.validate(create(layout, c.fields()), Optional.of(FLEET));

        // Denied edits carry no cluster warnings: the settings they would warn about are not stored.
        assertThat(decision).isEqualTo(Decision.deny(at(layout, c.denial())));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("warned")
    void allowsWithExactWarnings(Case c, HyperConvergedLayout layout) {
        Decision decision = validator.validate(create(layout, c.fields()), c.running());

        assertThat(decision).isEqualTo(Decision.allow().withWarnings(c.warnings()));
        assertThat(decision.warnings()).allSatisfy(warning -> assertThat(warning).hasSizeLessThan(120));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void warnsAboutNoRunningVmiWhileTheInventoryIsNotSynced(HyperConvergedLayout layout) {
        Decision decision = validator.validate(create(layout, "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                + " ['Evict']}, 'evictionStrategy': 'LiveMigrate'}"), Optional.empty());

        assertThat(decision).isEqualTo(Decision.allow());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void warnsThatLiveMigrateWithEvictNeverUpdatesMigratableVmisWhileTheInventoryIsNotSynced(HyperConvergedLayout layout) {
        for (String off : List.of("parallelMigrationsPerCluster", "parallelOutboundMigrationsPerNode")) {
            Decision decision = validator.validate(create(layout, "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                    + " ['Evict', 'LiveMigrate']}, 'liveMigrationConfig': {'" + off + "': 0}}"), Optional.empty());

            assertThat(decision).isEqualTo(Decision.allow().withWarning(
                    "\"LiveMigrate\" with \"Evict\" while live migration is off: VMIs that could migrate are never updated"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void keepsEveryWarningUnder120CharactersForAnyCount(HyperConvergedLayout layout) {
        WorkloadForecast most = manyOfEach(20_000);
        List<String> settings = List.of(
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict']}, 'evictionStrategy': 'LiveMigrateIfPossible'}",
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict']},"
                        + " 'liveMigrationConfig': {'parallelMigrationsPerCluster': 0}, 'evictionStrategy': 'LiveMigrate'}",
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate'], 'batchEvictionSize': '"
                        + "9".repeat(200) + "'}}",
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': []}}");
        for (String fields : settings) {
            Decision decision = validator.validate(create(layout, fields), Optional.of(most));

            assertThat(decision.allowed()).isTrue();
            assertThat(decision.warnings()).isNotEmpty()
                    .allSatisfy(warning -> assertThat(warning).hasSizeLessThan(120));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void letsAnUpdateThroughThatKeepsAnOldInvalidValueUnchanged(HyperConvergedLayout layout) {
        String old = "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['livemigrate']}, 'featureGates': {'a': false}}";
        String edited = "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['livemigrate']}, 'featureGates': {'a': true}}";

        Decision decision = validator.validate(update(layout, old, edited), Optional.of(NONE_RUNNING));

        assertThat(decision).isEqualTo(Decision.allow().withWarning(
                at(layout, "kept unchanged though invalid: $.workloadUpdateStrategy.workloadUpdateMethods[0]")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void countsSeveralOldInvalidValuesKeptUnchanged(HyperConvergedLayout layout) {
        String fields = "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': 0,"
                + " 'batchEvictionInterval': '1d'}}";

        Decision decision = validator.validate(update(layout, fields, fields), Optional.of(FLEET));

        assertThat(decision).isEqualTo(Decision.allow().withWarnings(List.of(
                "5 running VMIs would keep an outdated launcher (cannot migrate, or \"Evict\" not listed); see /upgrade-readiness",
                at(layout, "kept 2 unchanged invalid values, first: $.workloadUpdateStrategy.batchEvictionSize"))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void deniesAnUpdateThatChangesAnInvalidValueIntoAnotherInvalidValue(HyperConvergedLayout layout) {
        Decision decision = validator.validate(update(layout,
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['livemigrate']}}",
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrat']}}"), Optional.empty());

        assertThat(decision).isEqualTo(Decision.deny(at(layout, "$.workloadUpdateStrategy.workloadUpdateMethods[0]:"
                + " must be one of " + METHODS + ", got \"LiveMigrat\", did you mean \"LiveMigrate\"?")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void deniesOnlyTheNewViolationWhenAnOldOneIsKept(HyperConvergedLayout layout) {
        Decision decision = validator.validate(update(layout,
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['livemigrate']}}",
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['livemigrate']}, 'evictionStrategy': 'Drain'}"),
                Optional.empty());

        assertThat(decision).isEqualTo(Decision.deny(at(layout,
                "$.evictionStrategy: must be one of " + STRATEGIES + ", got \"Drain\"")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void deniesAnUpdateThatBreaksAValidObject(HyperConvergedLayout layout) {
        Decision decision = validator.validate(update(layout,
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': 10}}",
                "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionSize': 0}}"), Optional.empty());

        assertThat(decision).isEqualTo(Decision.deny(at(layout, "$.workloadUpdateStrategy.batchEvictionSize:"
                + " must be an integer >= 1 when \"Evict\" is listed, got 0")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void readsOnlyTheFieldsOfItsOwnLayout(HyperConvergedLayout layout) {
        HyperConvergedEdit edit = new HyperConvergedEdit(otherThan(layout).apiVersion(),
                hco(layout, "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Bogus']}, 'evictionStrategy': 'x'}"), null);

        assertThat(validator.validate(edit, Optional.empty())).isEqualTo(Decision.allow());
    }

    @Test
    void allowsAnUnknownApiVersionWithAWarning() {
        HyperConvergedEdit edit = new HyperConvergedEdit("hco.kubevirt.io/v2",
                json("{'spec': {'workloadUpdateStrategy': {'workloadUpdateMethods': ['Bogus']}}}"), null);

        assertThat(validator.validate(edit, Optional.empty())).isEqualTo(Decision.allow().withWarning(
                "HyperConverged apiVersion \"hco.kubevirt.io/v2\" is unknown to hco-guard, nothing was checked"));
    }

    @Test
    void allowsAMissingApiVersionWithAWarning() {
        HyperConvergedEdit edit = new HyperConvergedEdit(null, json("{}"), null);

        assertThat(validator.validate(edit, Optional.empty())).isEqualTo(Decision.allow().withWarning(
                "HyperConverged apiVersion null is unknown to hco-guard, nothing was checked"));
    }

    @Test
    void allowsWithoutAnObjectToCheck() {
        assertThat(validator.validate(new HyperConvergedEdit(HyperConvergedLayout.V1.apiVersion(), null, null),
                Optional.empty())).isEqualTo(Decision.allow());
        assertThat(validator.validate(new HyperConvergedEdit(HyperConvergedLayout.V1.apiVersion(), json("'text'"), null),
                Optional.empty())).isEqualTo(Decision.allow());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void allowsARealisticFullHyperConvergedWithoutWarnings(HyperConvergedLayout layout) {
        Decision decision = validator.validate(
                new HyperConvergedEdit(layout.apiVersion(), RealisticHyperConverged.of(layout), null),
                Optional.of(NONE_RUNNING));

        assertThat(decision).isEqualTo(Decision.allow());
    }

    @Test
    void namesFieldsAsEachVersionWritesThem() {
        FieldPath v1beta1 = HyperConvergedLayout.V1BETA1.workloadUpdateMethods().element(1);
        FieldPath v1 = HyperConvergedLayout.V1.workloadUpdateMethods().element(1);

        assertThat(v1beta1.display()).isEqualTo("spec.workloadUpdateStrategy.workloadUpdateMethods[1]");
        assertThat(v1beta1.pointer()).hasToString("/spec/workloadUpdateStrategy/workloadUpdateMethods/1");
        assertThat(v1.display()).isEqualTo("spec.virtualization.workloadUpdateStrategy.workloadUpdateMethods[1]");
        assertThat(v1.pointer()).hasToString("/spec/virtualization/workloadUpdateStrategy/workloadUpdateMethods/1");
        assertThat(HyperConvergedLayout.of("hco.kubevirt.io/v1")).contains(HyperConvergedLayout.V1);
        assertThat(HyperConvergedLayout.of("hco.kubevirt.io/v1alpha1")).isEmpty();
    }
}
