package io.pgvault.platformtests.app;

import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;

/** REST operations that fail in each way a service's can, for the problem+json mapping. */
@Path("/probe")
public class ProbeResource {

    /** A request shaped like the services' (a nested object, a number, an enum as text). */
    public record ProbeRequest(
            @NotBlank String name,
            @NotNull @Min(1) @Max(65535) Integer port,
            String mode,
            @Valid Target target) {
    }

    /** A nested part of the request. */
    public record Target(@NotBlank String host) {
    }

    /** The values {@code mode} allows. */
    public enum Mode { FAST, SAFE }

    /** States for the refused-transition answer. */
    public enum State { CONFIGURED, STOPPED }

    @POST
    public Map<String, Object> accept(@Valid @NotNull ProbeRequest request) {
        Mode mode = Enums.parse(Mode.class, request.mode(), "mode");
        return Map.of("name", request.name(), "mode", mode.name());
    }

    @POST
    @Path("/refused")
    public void refused() {
        throw ProblemException.invalidState("backup now", State.STOPPED, List.of(State.CONFIGURED));
    }

    @GET
    @Path("/failure")
    public String failure() {
        throw new IllegalStateException("connection pool of db7.internal exhausted");
    }
}
