package io.hcoguard.drain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running KubeVirt version, from the KubeVirt CR's {@code status.observedKubeVirtVersion} (virt-operator
 * {@code SetObservedDeploymentConfig}: its {@code KUBEVIRT_VERSION} or image tag, "latest" when it has none).
 * Release tags ({@code v1.3.1}), pre-releases ({@code v1.4.0-rc.1}) and builds between tags, as git describes
 * them ({@code v1.2.0-123-gabcdef}) or as kubevirt's hack/version.sh rewrites them ({@code v1.2.0-123+abcdef},
 * {@code v1.1.0-alpha.0.6+84c76d}), are known; anything else ("latest", a digest, empty) is unknown.
 */
public sealed interface KubeVirtVersion {

    /**
     * @param preRelease the pre-release identifiers ({@code rc.1}), empty for a release or a build after one
     * @param commitsAfterTag how many commits a development build is past its tag, 0 for a tag itself
     */
    record Known(String text, int major, int minor, int patch, String preRelease, int commitsAfterTag) implements KubeVirtVersion {
    }

    record Unknown(String text) implements KubeVirtVersion {
        public Unknown {
            text = text == null ? "" : text;
        }
    }

    String text();

    /**
     * Whether this version contains every change of release {@code major.minor.patch}: a pre-release comes
     * before its release, a build after a tag before the next release (it may lack a fix backported into
     * that release). An unknown version is at least nothing, so rules keep their older behaviour.
     */
    default boolean atLeast(int major, int minor, int patch) {
        if (!(this instanceof Known known)) {
            return false;
        }
        int core = compare(known.major(), major, known.minor(), minor, known.patch(), patch);
        return core > 0 || (core == 0 && known.preRelease().isEmpty());
    }

    private static int compare(int major, int otherMajor, int minor, int otherMinor, int patch, int otherPatch) {
        if (major != otherMajor) {
            return Integer.compare(major, otherMajor);
        }
        return minor != otherMinor ? Integer.compare(minor, otherMinor) : Integer.compare(patch, otherPatch);
    }

    static KubeVirtVersion parse(String text) {
        if (text == null || text.isBlank()) {
            return new Unknown(text);
        }
        String version = text.trim();
        String core = version.endsWith("-dirty") ? version.substring(0, version.length() - "-dirty".length()) : version;
        int commits = 0;
        Matcher describe = VersionSyntax.GIT_DESCRIBE.matcher(core);
        if (describe.matches()) {
            core = describe.group(1);
            commits = Integer.parseInt(describe.group(2));
        }
        Matcher semver = VersionSyntax.SEMVER.matcher(core);
        if (!semver.matches()) {
            return new Unknown(version);
        }
        String preRelease = semver.group(4) == null ? "" : semver.group(4);
        if (preRelease.matches("\\d{1,9}") && core.contains("+")) {
            // hack/version.sh turns "v1.2.0-123-gHASH" (123 commits after v1.2.0) into "v1.2.0-123+HASH".
            commits = Integer.parseInt(preRelease);
            preRelease = "";
        }
        return new Known(version, Integer.parseInt(semver.group(1)), Integer.parseInt(semver.group(2)),
                semver.group(3) == null ? 0 : Integer.parseInt(semver.group(3)), preRelease, commits);
    }
}

final class VersionSyntax {

    /** v?MAJOR.MINOR[.PATCH][-PRERELEASE][+BUILD], the form kubevirt's hack/version.sh accepts. */
    static final Pattern SEMVER = Pattern.compile("v?(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?(?:-([0-9A-Za-z.-]+?))?(?:\\+[0-9A-Za-z.-]+)?");
    /** git describe's suffix: N commits after the tag, at commit gHASH. */
    static final Pattern GIT_DESCRIBE = Pattern.compile("(.*?)-(\\d{1,9})-g[0-9a-f]{4,40}");

    private VersionSyntax() {
    }
}
