package io.pgvault.cli.http;

/** No answer: the service could not be connected to, or did not answer in time. */
public class UnreachableException extends RuntimeException {

    private final Service service;
    private final String url;

    public UnreachableException(Service service, String url, String reason, Throwable cause) {
        super(reason, cause);
        this.service = service;
        this.url = url;
    }

    public Service service() {
        return service;
    }

    /** The base URL that was tried. */
    public String url() {
        return url;
    }
}
