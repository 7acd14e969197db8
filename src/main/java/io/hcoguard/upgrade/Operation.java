package io.hcoguard.upgrade;

/** The admission operation of a request. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT, OTHER;

    /** From the AdmissionReview's {@code request.operation}; anything unexpected is {@link #OTHER}. */
    public static Operation parse(String text) {
        for (Operation operation : values()) {
            if (operation.name().equals(text)) {
                return operation;
            }
        }
        return OTHER;
    }
}
