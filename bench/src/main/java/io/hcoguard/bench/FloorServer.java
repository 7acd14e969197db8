package io.hcoguard.bench;

import io.hcoguard.admission.AdmissionReviewCodec;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.concurrent.CountDownLatch;

/**
 * The floor for the HTTPS benchmarks: a bare Vert.x HTTPS server (the same Vert.x, JDK, TLS
 * certificate and event-loop count as the Quarkus app) that reads the request body and answers
 * with a canned AdmissionReview. No JSON parsing, no rules: what serving alone costs.
 *
 * <p>With {@code decode}, it also decodes each body with the app's own {@code AdmissionReviewCodec}
 * (on the event loop) before answering: the floor plus the one cost every admission request has.
 *
 * <pre>java -cp ... io.hcoguard.bench.FloorServer PORT CERT_PEM KEY_PEM [decode]</pre>
 */
public final class FloorServer {

    static final Buffer CANNED = Buffer.buffer("""
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":\
            {"uid":"0b6f2c1e-5a3d-4f7b-8e9c-1d2a3b4c5d6e","allowed":true}}""");

    private FloorServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        String cert = args[1];
        String key = args[2];
        boolean decode = args.length > 3 && "decode".equals(args[3]);
        AdmissionReviewCodec codec = new AdmissionReviewCodec();
        // Quarkus' default: two event loops per core, one HTTP server verticle on each.
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        HttpServerOptions options = new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setSsl(true)
                .setUseAlpn(true) // HTTP/2 and HTTP/1.1, as Quarkus offers them
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
        CountDownLatch started = new CountDownLatch(1);
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> done) {
                vertx.createHttpServer(options)
                        .requestHandler(request -> request.body().onSuccess(body -> {
                            if (decode) {
                                codec.decode(body.getBytes());
                            }
                            request.response().putHeader("content-type", "application/json").end(CANNED);
                        }))
                        .listen()
                        .<Void>mapEmpty()
                        .onComplete(done);
            }
        }, new DeploymentOptions().setInstances(eventLoops)).onComplete(result -> {
            if (result.failed()) {
                result.cause().printStackTrace();
                System.exit(1);
            }
            started.countDown();
        });
        started.await();
        System.out.println("floor server listening on https://127.0.0.1:" + port + " (" + eventLoops + " event loops"
                + (decode ? ", decoding each AdmissionReview)" : ")"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().toCompletionStage().toCompletableFuture().join()));
    }
}
