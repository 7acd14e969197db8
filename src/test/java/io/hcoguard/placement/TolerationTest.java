package io.hcoguard.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TolerationTest {

    private static final Taint DEDICATED = new Taint("dedicated", "db", Taint.NO_SCHEDULE);

    static Stream<Arguments> cases() {
        return Stream.of(
                tolerates("Equal with the same key, value and effect", new Toleration("dedicated", "Equal", "db", "NoSchedule"), DEDICATED, true),
                tolerates("Equal with another value", new Toleration("dedicated", "Equal", "web", "NoSchedule"), DEDICATED, false),
                tolerates("no operator means Equal", new Toleration("dedicated", "", "db", "NoSchedule"), DEDICATED, true),
                tolerates("no operator means Equal, not Exists", new Toleration("dedicated", "", "", "NoSchedule"), DEDICATED, false),
                tolerates("Exists with the key tolerates any value", new Toleration("dedicated", "Exists", "", "NoSchedule"), DEDICATED, true),
                tolerates("Exists with another key", new Toleration("gpu", "Exists", "", "NoSchedule"), DEDICATED, false),
                tolerates("an empty key with Exists tolerates every taint", new Toleration("", "Exists", "", ""),
                        new Taint("node.kubernetes.io/unreachable", "", Taint.NO_EXECUTE), true),
                tolerates("an empty key with Equal matches any key with the value", new Toleration("", "Equal", "db", ""), DEDICATED, true),
                tolerates("an empty effect matches every effect", new Toleration("dedicated", "Exists", "", ""), DEDICATED, true),
                tolerates("another effect does not match", new Toleration("dedicated", "Exists", "", "NoExecute"), DEDICATED, false),
                tolerates("NoExecute toleration of a NoExecute taint",
                        new Toleration("maintenance", "Exists", "", "NoExecute"), new Taint("maintenance", "", Taint.NO_EXECUTE), true),
                tolerates("Lt tolerates a smaller taint value",
                        new Toleration("slots", "Lt", "5", "NoSchedule"), new Taint("slots", "3", Taint.NO_SCHEDULE), true),
                tolerates("Gt tolerates a greater taint value",
                        new Toleration("slots", "Gt", "5", "NoSchedule"), new Taint("slots", "3", Taint.NO_SCHEDULE), false),
                tolerates("Lt against a taint value that is no integer",
                        new Toleration("slots", "Lt", "5", "NoSchedule"), new Taint("slots", "few", Taint.NO_SCHEDULE), false),
                tolerates("an unknown operator tolerates nothing", new Toleration("dedicated", "In", "db", "NoSchedule"), DEDICATED, false));
    }

    private static Arguments tolerates(String behaviour, Toleration toleration, Taint taint, boolean tolerated) {
        return Arguments.of(Named.of(behaviour, toleration), taint, tolerated);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void toleratesAsKubernetes(Toleration toleration, Taint taint, boolean tolerated) {
        assertThat(toleration.tolerates(taint)).isEqualTo(tolerated);
    }

    @Test
    void oneOfSeveralTolerationsIsEnough() {
        Toleration web = new Toleration("dedicated", "Equal", "web", "NoSchedule");
        Toleration db = new Toleration("dedicated", "Equal", "db", "");

        assertThat(Toleration.anyTolerates(List.of(web, db), DEDICATED)).isTrue();
        assertThat(Toleration.anyTolerates(List.of(web), DEDICATED)).isFalse();
        assertThat(Toleration.anyTolerates(List.of(), DEDICATED)).isFalse();
    }

    @Test
    void onlyNoScheduleAndNoExecuteRepel() {
        assertThat(new Taint("a", "", Taint.NO_SCHEDULE).repels()).isTrue();
        assertThat(new Taint("a", "", Taint.NO_EXECUTE).repels()).isTrue();
        assertThat(new Taint("a", "", Taint.PREFER_NO_SCHEDULE).repels()).isFalse();
        assertThat(new Taint("a", "", "").repels()).isFalse();
    }

    @Test
    void describesATaintAsKubectl() {
        assertThat(DEDICATED.describe()).isEqualTo("dedicated=db:NoSchedule");
        assertThat(Taint.CORDON.describe()).isEqualTo("node.kubernetes.io/unschedulable:NoSchedule");
    }
}
