package io.pgvault.retention.store;

import io.pgvault.testinfra.S3TestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** retention-service on the S3 store (the test s3proxy). */
public class S3Store implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pgvault.store.kind", "s3");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3TestResource.class));
    }
}
