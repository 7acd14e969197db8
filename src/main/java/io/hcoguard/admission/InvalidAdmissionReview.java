package io.hcoguard.admission;

/** A request body the webhook cannot judge; answered with {@link #status()} and a short JSON error. */
public final class InvalidAdmissionReview extends RuntimeException {

    private final int status;

    public InvalidAdmissionReview(int status, String message) {
        super(message, null, false, false); // no stack trace: this is an answer, not a fault
        this.status = status;
    }

    public int status() {
        return status;
    }
}
