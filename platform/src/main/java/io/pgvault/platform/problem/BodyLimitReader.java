package io.pgvault.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The body limit of {@link BodyLimit} for a body sent in chunks (no Content-Length): counted as a body
 * reader reads it, and refused with a 413 problem+json once it is over. Server side only: a REST client's
 * answers from a peer are not requests.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class BodyLimitReader implements ReaderInterceptor {

    private final long limit;

    public BodyLimitReader(@ConfigProperty(name = "pgvault.http.max-body-size", defaultValue = "256K") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    /** Counts what a body reader reads, and refuses the body once it is over the limit. */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        InputStream body = context.getInputStream();
        context.setInputStream(new FilterInputStream(body) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) {
                read += n;
                if (read > limit) {
                    throw BodyLimit.tooLarge("the request body is over the limit of " + limit + " bytes");
                }
            }
        });
        return context.proceed();
    }

}
