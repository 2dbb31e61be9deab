package io.pgvault.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.contracts.job.JobSucceeded;
import java.io.File;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message class has a golden JSON file that deserializes into the record and serializes back to
 * the same JSON tree, and that sets every field that is not meaningfully {@code null}.
 */
class GoldenRoundTripTest {

    /** Golden files beyond {@code <SimpleName>.json}: variants of a message. */
    private static final List<Arguments> VARIANTS = List.of(
            Arguments.of(JobSucceeded.class, "JobSucceeded-restore.json"),
            Arguments.of(JobSucceeded.class, "JobSucceeded-by-reference.json"));

    static Stream<Arguments> goldens() {
        return Stream.concat(
                EventTypes.all().stream().map(type -> Arguments.of(type, type.getSimpleName() + ".json")),
                VARIANTS.stream());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("goldens")
    void roundTripsToTheGoldenTree(Class<? extends Event> type, String file) throws Exception {
        JsonNode golden = Json.golden(file);

        Event event = Json.MAPPER.treeToValue(golden, type);
        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(event));

        assertThat(written).isEqualTo(golden);
        assertThat(Json.MAPPER.treeToValue(written, type)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("goldens")
    void setsEveryFieldThatIsNotMeaningfullyNull(Class<? extends Event> type, String file) throws Exception {
        Event event = Json.MAPPER.treeToValue(Json.golden(file), type);

        assertEveryFieldSet(event, type.getSimpleName());
    }

    @Test
    void everyGoldenFileBelongsToAMessage() throws URISyntaxException {
        URL dir = getClass().getResource("/golden");
        assertThat(dir).isNotNull();
        Set<String> files = new TreeSet<>(Arrays.asList(new File(dir.toURI()).list()));

        Set<String> expected = goldens().map(arguments -> (String) arguments.get()[1])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(files).isEqualTo(expected);
    }

    @Test
    void ignoresUnknownFieldsFromNewerProducers() throws Exception {
        JsonNode golden = Json.golden("JobStarted.json");
        String withExtra = golden.toString().replaceFirst("\\{", "{\"addedLater\":{\"x\":1},");

        Event event = Json.MAPPER.readValue(withExtra, io.pgvault.contracts.job.JobStarted.class);

        assertThat(event).isEqualTo(Json.MAPPER.treeToValue(golden, io.pgvault.contracts.job.JobStarted.class));
    }

    @Test
    void aJobSucceededOfAnOlderProducerWithoutManifestRefReadsWithItsManifest() throws Exception {
        JsonNode golden = Json.golden("JobSucceeded.json");
        ((ObjectNode) golden).remove("manifestRef");

        JobSucceeded older = Json.MAPPER.treeToValue(golden, JobSucceeded.class);

        assertThat(older.manifestRef()).isNull();
        assertThat(older.manifest()).isNotNull();
        assertThat(older).isEqualTo(Json.MAPPER.treeToValue(Json.golden("JobSucceeded.json"), JobSucceeded.class));
    }

    @Test
    void aRestoreTargetOfAnOlderProducerWithoutSslModeReadsAsLibpqsDefault() throws Exception {
        JsonNode golden = Json.golden("RestoreRequested.json");
        ((ObjectNode) golden.get("target")).remove("sslMode");

        RestoreRequested older = Json.MAPPER.treeToValue(golden, RestoreRequested.class);

        assertThat(older.target().sslMode()).isNull();
        assertThat(older.target().host()).isEqualTo("orders-staging.internal.example.com");
        assertThat(older.target().includeGlobals()).isTrue();
    }

    private static void assertEveryFieldSet(Object value, String path) throws ReflectiveOperationException {
        if (value instanceof Collection<?> collection) {
            assertThat(collection).as(path).isNotEmpty();
            int i = 0;
            for (Object element : collection) {
                assertEveryFieldSet(element, path + "[" + i++ + "]");
            }
            return;
        }
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field = component.getAccessor().invoke(value);
            String fieldPath = path + "." + component.getName();
            if (mayBeNull(value, component.getName())) {
                assertThat(field).as(fieldPath + " should be null here").isNull();
            } else {
                assertThat(field).as(fieldPath).isNotNull();
                assertEveryFieldSet(field, fieldPath);
            }
        }
    }

    /** The places where {@code null} carries meaning; the golden files must use it only there. */
    private static boolean mayBeNull(Object owner, String component) {
        if (owner instanceof JobSucceeded succeeded) {
            if (succeeded.operation() == Operation.RESTORE) {
                return Set.of("policy", "manifest", "manifestRef").contains(component);
            }
            // A backup carries its manifest, or (a large one) a reference to it in the store: one of the two.
            return component.equals(succeeded.manifestRef() != null ? "manifest" : "manifestRef");
        }
        if (owner instanceof ArtifactEntry artifact) {
            return artifact.kind() == ArtifactEntry.Kind.GLOBALS && component.equals("database");
        }
        if (owner instanceof RestoreTarget target) {
            return target.type() == RestoreTarget.Type.FILES
                    ? Set.of("host", "port", "username", "database", "sslMode").contains(component)
                    : component.equals("directory");
        }
        return false;
    }
}
