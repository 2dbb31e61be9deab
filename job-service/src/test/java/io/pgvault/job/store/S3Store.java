package io.pgvault.job.store;

import io.pgvault.testinfra.S3TestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** job-service on the S3 store: the test s3proxy, encrypted, with the test master keyset. */
public class S3Store implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pgvault.store.kind", "s3", "pgvault.store.keys.master-keyset-file", "target/secrets/s3-master.keyset.json");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3TestResource.class));
    }
}
