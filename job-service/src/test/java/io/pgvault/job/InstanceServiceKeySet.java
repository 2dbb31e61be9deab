package io.pgvault.job;

import io.pgvault.testinfra.auth.TestKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test sources only: instance-service's {@code /.well-known/jwks.json}, the test key pair's JWKS (made
 * by the same platform code as the embedded issuer's), served by the job-service under test on its
 * own port, since instance-service does not run in this module's tests.
 */
@Path("/.well-known/jwks.json")
public class InstanceServiceKeySet {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String keySet() {
        return TestKeys.jvm().jwks();
    }
}
