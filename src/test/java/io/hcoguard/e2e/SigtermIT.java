package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as the kubelet sends it to a stopping pod, to the native executable while its watches are
 * open: it runs its shutdown (watches and the Event writer stopped), logs that it stopped and exits
 * with 143 (128 + SIGTERM, what a JVM exits with too) within seconds, having logged no error. Its own
 * process, started here: the integration-test launcher stops its apps without telling how.
 */
class SigtermIT {

    private static final Path LOG = ControlPlane.PROJECT.resolve("target/sigterm-it.log");

    private Process app;

    @AfterEach
    void leaveNothingRunning() {
        if (app != null && app.isAlive()) {
            app.destroyForcibly();
        }
    }

    @Test
    void stopsCleanlyWithinSecondsOfSigterm() throws Exception {
        // Ports of its own: the last @QuarkusIntegrationTest's app may still hold the shared ones.
        int https = ControlPlane.freePort();
        int management = ControlPlane.freePort();
        List<String> command = new ArrayList<>(List.of(System.getProperty("native.image.path")));
        // What the integration tests give the executable (pom.xml): the test certificate, the override group.
        command.addAll(List.of(System.getProperty("quarkus.test.arg-line").trim().split("\\s+")));
        new ControlPlane().start().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.ssl-port=" + https,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + management));
        app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile()).start();

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> given().get("http://127.0.0.1:" + management
                + "/q/health/ready").statusCode() == 200);
        given().relaxedHTTPSValidation().baseUri("https://127.0.0.1").port(https).get("/upgrade-readiness")
                .then().statusCode(401);

        long signalled = System.nanoTime();
        app.destroy(); // SIGTERM
        assertThat(app.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s of SIGTERM").isTrue();
        System.out.printf("SigtermIT: exited %d ms after SIGTERM%n", (System.nanoTime() - signalled) / 1_000_000);

        String log = Files.readString(LOG);
        assertThat(app.exitValue()).as(log).isEqualTo(143);
        assertThat(log).containsPattern("hco-guard stopped in \\d+\\.\\d+s");
        assertThat(log.lines().filter(line -> line.contains(" ERROR ") || line.contains("Exception"))).as(log).isEmpty();
        assertThat(listening(https)).isFalse();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
