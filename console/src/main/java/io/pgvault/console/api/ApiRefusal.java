package io.pgvault.console.api;

/** A service refused a call (4xx) or failed (5xx, or did not answer): shown to the user as a message. */
public class ApiRefusal extends RuntimeException {

    private final transient Answer answer;

    public ApiRefusal(Answer answer) {
        super(answer.service().displayName() + " answered " + answer.status() + ": " + answer.detail());
        this.answer = answer;
    }

    public Answer answer() {
        return answer;
    }

    public int status() {
        return answer.status();
    }
}
