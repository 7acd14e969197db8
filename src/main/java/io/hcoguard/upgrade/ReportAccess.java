package io.hcoguard.upgrade;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Who may read the readiness report: the bearer token's user, as the API server knows it
 * (TokenReview), must be allowed to list VirtualMachineInstances in all namespaces
 * (SubjectAccessReview), the same right that shows the VMIs the report names. Answers are cached
 * for a short while, by a hash of the token, so a dashboard polling the report costs no API calls.
 * A token the API server did not accept is remembered too, more briefly, and each client address
 * may cause only a few reviews a minute that find no valid token (or no answer): beyond that an
 * unknown token gets 429 without an API call, so an unauthenticated client cannot load the API
 * server through the report.
 */
@ApplicationScoped
public class ReportAccess {

    private static final Logger LOG = Logger.getLogger(ReportAccess.class);
    private static final Duration REMEMBER_GRANTED = Duration.ofSeconds(30);
    /** Briefly: enough to spare the repeats of one bad token (a dashboard's expired one), not to outlast its fix. */
    private static final Duration REMEMBER_REFUSED = Duration.ofSeconds(10);
    static final int FAILED_REVIEWS_PER_CLIENT = 10;
    static final Duration FAILED_REVIEWS_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_REMEMBERED = 1000;

    /** @param retryAfter for 429, when the client may try an unknown token again; else zero */
    public record Verdict(int status, String reason, Duration retryAfter) {
        static final Verdict GRANTED = new Verdict(200, "");

        Verdict(int status, String reason) {
            this(status, reason, Duration.ZERO);
        }
    }

    private record Remembered(Verdict verdict, Instant until) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final TokenReviewBudget budget = new TokenReviewBudget(FAILED_REVIEWS_PER_CLIENT, FAILED_REVIEWS_INTERVAL, 10_000);

    @Inject
    ReportAccess(KubernetesClient client) {
        this(client, Clock.systemUTC());
    }

    ReportAccess(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * @param authorization the Authorization header, or null
     * @param clientAddress the caller's address, whose budget of failed reviews an unknown token spends
     */
    public Verdict check(String authorization, String clientAddress) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            return new Verdict(401, "a bearer token is required (Authorization: Bearer <token>)");
        }
        String token = authorization.substring(7).trim();
        String key = sha256(token);
        Instant now = clock.instant();
        Remembered known = remembered.get(key);
        if (known != null && known.until().isAfter(now)) {
            return known.verdict();
        }
        Duration wait = budget.take(clientAddress, now);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return new Verdict(429, "too many invalid bearer tokens from " + clientAddress + "; retry in " + seconds + " s",
                    Duration.ofSeconds(seconds));
        }
        Verdict verdict;
        try {
            verdict = review(token);
        } catch (KubernetesClientException e) {
            LOG.warnf("could not review a report token: %s", e.getMessage());
            return new Verdict(503, "cannot verify the token: the API server did not answer");
        }
        if (verdict.status() != 401) {
            budget.refund(clientAddress, now);
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(key, new Remembered(verdict, now.plus(verdict.status() == 401 ? REMEMBER_REFUSED : REMEMBER_GRANTED)));
        return verdict;
    }

    private Verdict review(String token) {
        TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).endSpec().build());
        if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
            return new Verdict(401, "the bearer token is not valid");
        }
        UserInfo user = review.getStatus().getUser();
        SubjectAccessReview access = client.authorization().v1().subjectAccessReview().create(new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user.getUsername())
                .withGroups(user.getGroups())
                .withUid(user.getUid())
                .withExtra(user.getExtra())
                .withNewResourceAttributes()
                .withVerb("list").withGroup("kubevirt.io").withResource("virtualmachineinstances").withNamespace("")
                .endResourceAttributes()
                .endSpec().build());
        if (access.getStatus() == null || !Boolean.TRUE.equals(access.getStatus().getAllowed())) {
            return new Verdict(403, "user \"" + user.getUsername()
                    + "\" may not list virtualmachineinstances.kubevirt.io in all namespaces, which this report shows");
        }
        return Verdict.GRANTED;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
