package io.hcoguard.e2e;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.kubeconfig.KubeConfig;
import io.fabric8.kubeapitest.process.EtcdProcess;
import io.fabric8.kubeapitest.process.KubeAPIServerProcess;
import io.fabric8.kubeapitest.process.UnexpectedProcessStopHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * etcd and a kube-apiserver of the pinned version (hack/versions.env), from the binaries
 * hack/build-control-plane.sh caches, with kube-api-test's certificates and flags. The one
 * launcher of the project's control planes: the tests' shared one ({@link ControlPlane}), the fault
 * tests' ({@link RestartableControlPlane}), a bare one, and hack/start-control-plane.sh's
 * ({@link LocalControlPlane}). kube-api-test's two processes are held apart (not its
 * KubeAPIServer, which starts and stops them together) so the API server can restart on the same etcd.
 */
final class EtcdAndApiServer {

    /** What a test's control plane does when etcd or the API server dies under it: say so. */
    static final UnexpectedProcessStopHandler REPORT = process -> System.err.printf(
            "control plane: a process (pid %d) exited with %d%n", process.pid(), process.exitValue());

    private final KubeAPIServerConfig config;
    private final BinaryManager binaries;
    private final CertManager certificates;
    private final UnexpectedProcessStopHandler onUnexpectedStop;
    private final EtcdProcess etcd;
    private final int etcdPort;
    private KubeAPIServerProcess apiServer;
    private boolean stopped;

    private EtcdAndApiServer(UnexpectedProcessStopHandler onUnexpectedStop, String... apiServerFlags) {
        KubeAPIServerConfigBuilder builder = KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(!"false".equals(System.getProperty("kube-api-test.offline", "true")))
                .withTestDir(testDir().toString())
                .withApiServerVersion(pinnedKubernetesVersion())
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withApiServerFlag("--bind-address", "127.0.0.1"); // kube-api-test's default is every interface
        for (String flag : apiServerFlags) {
            builder.withApiServerFlag(flag);
        }
        this.config = builder.build();
        this.binaries = new BinaryManager(config);
        binaries.initAndDownloadIfRequired();
        this.certificates = new CertManager(config.getKubeAPITestDir());
        certificates.createCertificatesIfNeeded();
        this.onUnexpectedStop = onUnexpectedStop;
        this.etcd = new EtcdProcess(binaries, onUnexpectedStop, true, config.getStartupTimeout());
        this.etcdPort = etcd.startEtcd();
    }

    /** Starts etcd, then the API server with {@code apiServerFlags} ("--name=value"); returns once the API server is ready. */
    static EtcdAndApiServer start(UnexpectedProcessStopHandler onUnexpectedStop, String... apiServerFlags) {
        EtcdAndApiServer started = new EtcdAndApiServer(onUnexpectedStop, apiServerFlags);
        try {
            started.startApiServer();
        } catch (RuntimeException e) {
            started.stop();
            throw e;
        }
        return started;
    }

    static EtcdAndApiServer start(String... apiServerFlags) {
        return start(REPORT, apiServerFlags);
    }

    int apiServerPort() {
        return apiServer.getApiServerPort();
    }

    int etcdPort() {
        return etcdPort;
    }

    /** A cluster-admin kubeconfig (certificates by path) for the API server, or for a proxy in front of it at {@code port}. */
    String kubeconfigYaml(int port) {
        return new KubeConfig(certificates, binaries).generateKubeConfigYaml(port);
    }

    String kubeconfigYaml() {
        return kubeconfigYaml(apiServerPort());
    }

    /** The API server's self-signed serving certificate, which clients trust as its CA. */
    Path caFile() {
        return Path.of(certificates.getAPIServerCertPath());
    }

    /** The directory of kube-apiserver, etcd and kubectl. */
    Path binDir() {
        return binaries.binaries().getKubectl().toPath().getParent();
    }

    /** Kills the API server (SIGKILL, as a crash) and starts a new one on the same etcd; returns once it is ready. */
    synchronized void restartApiServer() {
        apiServer.stopApiServer();
        startApiServer();
    }

    /** Stops the API server, then etcd (waiting for each to exit), and removes etcd's data. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (apiServer != null) {
            apiServer.stopApiServer();
        }
        etcd.stopEtcd();
        etcd.cleanEtcdData();
    }

    private synchronized void startApiServer() {
        KubeAPIServerProcess process = new KubeAPIServerProcess(certificates, binaries, onUnexpectedStop, config);
        apiServer = process;
        process.startApiServer(etcdPort);
        process.waitUntilReady();
    }

    /** Where kube-api-test keeps its binaries (k8s/VERSION-OS-ARCH/) and certificates. */
    static Path testDir() {
        return Path.of(System.getProperty("kube-api-test.dir", System.getProperty("user.home") + "/.kubeapitest"));
    }

    static String pinnedKubernetesVersion() {
        try (Stream<String> lines = Files.lines(ControlPlane.PROJECT.resolve("hack/versions.env"))) {
            return lines.map(String::trim)
                    .filter(line -> line.startsWith(": \"${KUBERNETES_VERSION:="))
                    .map(line -> line.substring(line.indexOf(":=") + 2, line.lastIndexOf('}')))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("KUBERNETES_VERSION not found in hack/versions.env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
