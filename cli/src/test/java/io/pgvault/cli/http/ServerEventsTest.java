package io.pgvault.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerEventsTest {

    private static List<String> events(String stream) {
        List<String> out = new ArrayList<>();
        new ServerEvents(stream.lines().iterator()).forEachRemaining(out::add);
        return out;
    }

    @Test
    void eachEventIsItsDataLinesUpToABlankLine() {
        assertThat(events("data:{\"a\":1}\n\ndata: {\"b\":2}\n\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void commentsAndOtherFieldsAreSkippedAndDataLinesJoin() {
        assertThat(events(": keep-alive\n\nevent: job\nid: 7\nretry: 1000\ndata: line one\ndata:line two\n\n\n"))
                .containsExactly("line one\nline two");
    }

    @Test
    void aStreamThatEndsWithoutTheBlankLineStillDeliversItsLastEvent() {
        assertThat(events("data:{\"a\":1}")).containsExactly("{\"a\":1}");
        assertThat(events("")).isEmpty();
    }

    @Test
    void theTokenGoesOnlyToTheOriginsItWasIssuedFor() {
        Endpoints issued = new Endpoints("http://127.0.0.1:8081", "http://127.0.0.1:8082/", "https://pgvault.example.com");

        assertThat(issued.sameOriginAsOne(URI.create("http://127.0.0.1:8082/api/v1/jobs"))).isTrue();
        assertThat(issued.sameOriginAsOne(URI.create("https://pgvault.example.com:443/api/v1/x"))).isTrue();
        assertThat(issued.sameOriginAsOne(URI.create("http://pgvault.example.com/api/v1/x"))).isFalse();
        assertThat(issued.sameOriginAsOne(URI.create("http://127.0.0.1:9999/api/v1/jobs"))).isFalse();
    }
}
