package io.hcoguard.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.KubeVirtVersion.Known;
import io.hcoguard.drain.KubeVirtVersion.Unknown;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeVirtVersionTest {

    static Stream<Arguments> versions() {
        return Stream.of(
                Arguments.of("v1.3.1", new Known("v1.3.1", 1, 3, 1, "", 0), true),
                Arguments.of("1.3.1", new Known("1.3.1", 1, 3, 1, "", 0), true),
                Arguments.of(" v1.4.0 ", new Known("v1.4.0", 1, 4, 0, "", 0), true),
                Arguments.of("v1.3.0", new Known("v1.3.0", 1, 3, 0, "", 0), false),
                Arguments.of("v0.59.2", new Known("v0.59.2", 0, 59, 2, "", 0), false),
                Arguments.of("v2.0.0", new Known("v2.0.0", 2, 0, 0, "", 0), true),
                Arguments.of("v1.4", new Known("v1.4", 1, 4, 0, "", 0), true),
                Arguments.of("v1.4.0-rc.1", new Known("v1.4.0-rc.1", 1, 4, 0, "rc.1", 0), true),
                Arguments.of("v1.3.1-rc.0", new Known("v1.3.1-rc.0", 1, 3, 1, "rc.0", 0), false),
                Arguments.of("v1.3.1-beta.0+build.7", new Known("v1.3.1-beta.0+build.7", 1, 3, 1, "beta.0", 0), false),
                Arguments.of("v1.2.0-123-gabcdef", new Known("v1.2.0-123-gabcdef", 1, 2, 0, "", 123), false),
                Arguments.of("v1.3.1-5-g84c76d1142ea4d-dirty", new Known("v1.3.1-5-g84c76d1142ea4d-dirty", 1, 3, 1, "", 5), true),
                Arguments.of("v1.3.0-123+84c76d1142ea4d", new Known("v1.3.0-123+84c76d1142ea4d", 1, 3, 0, "", 123), false),
                Arguments.of("v1.4.0-alpha.0.6+84c76d1142ea4d", new Known("v1.4.0-alpha.0.6+84c76d1142ea4d", 1, 4, 0, "alpha.0.6", 0), true),
                Arguments.of("v1.4.0-rc.1-5-gabc1234", new Known("v1.4.0-rc.1-5-gabc1234", 1, 4, 0, "rc.1", 5), true),
                Arguments.of("latest", new Unknown("latest"), false),
                Arguments.of("devel", new Unknown("devel"), false),
                Arguments.of("sha256:9f2b8a3c", new Unknown("sha256:9f2b8a3c"), false),
                Arguments.of("v1", new Unknown("v1"), false),
                Arguments.of("v1.3.x", new Unknown("v1.3.x"), false),
                Arguments.of("v99999999999.0.0", new Unknown("v99999999999.0.0"), false),
                Arguments.of("", new Unknown(""), false),
                Arguments.of(null, new Unknown(""), false));
    }

    @ParameterizedTest(name = "\"{0}\" reads as {1}, at least v1.3.1: {2}")
    @MethodSource("versions")
    void readsObservedKubeVirtVersion(String text, KubeVirtVersion expected, boolean atLeast131) {
        KubeVirtVersion version = KubeVirtVersion.parse(text);

        assertThat(version).isEqualTo(expected);
        assertThat(version.atLeast(1, 3, 1)).isEqualTo(atLeast131);
    }

    static Stream<Arguments> bounds() {
        return Stream.of(
                Arguments.of("v1.2.0-123-gabcdef", 1, 2, 0, true),
                Arguments.of("v1.2.0-123-gabcdef", 1, 1, 9, true),
                Arguments.of("v1.4.0-rc.1", 1, 4, 0, false),
                Arguments.of("v1.4.0-rc.1", 1, 3, 99, true),
                Arguments.of("v1.10.0", 1, 9, 0, true),
                Arguments.of("v1.10.0", 2, 0, 0, false),
                Arguments.of("v1.3.1", 1, 3, 1, true),
                Arguments.of("v1.3.1", 0, 0, 0, true),
                Arguments.of("latest", 0, 0, 0, false));
    }

    @ParameterizedTest(name = "{0} at least {1}.{2}.{3}: {4}")
    @MethodSource("bounds")
    void aPreReleaseComesBeforeItsReleaseAndABuildAfterItsTag(String text, int major, int minor, int patch, boolean expected) {
        assertThat(KubeVirtVersion.parse(text).atLeast(major, minor, patch)).isEqualTo(expected);
    }
}
